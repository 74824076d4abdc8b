"""The SMS senders: the log sender says a text went out, never what it said (issue 14)."""
from __future__ import annotations

import logging

from bookingsite.messaging.sms import LogSender, get_sender
from tests.factories import make_settings


def test_the_log_sender_writes_no_message_text(caplog):
    caplog.set_level(logging.INFO, logger="bookingsite.messaging.sms")
    text = "Votre RDV le 2/12 a 10h. Gerer : https://cep.example.fr/booking/manage/IkZUU1RIUVNQIg.secret-token"
    get_sender(make_settings(sms_sender="log")).send("+33612345678", text)
    assert isinstance(get_sender(make_settings()), LogSender)
    assert "secret-token" not in caplog.text and "/manage/" not in caplog.text and "RDV" not in caplog.text
    assert "+33*******78" in caplog.text and "12345" not in caplog.text
