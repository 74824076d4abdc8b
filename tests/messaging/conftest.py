"""The messaging tests' app that sends its e-mails to a real SMTP server (aiosmtpd) and keeps its SMS in memory."""
from __future__ import annotations

import pytest

from bookingsite.messaging.sms import MemorySender
from tests.booking.booking_servers import smtp_server  # noqa: F401  (fixture)


@pytest.fixture
def smtp_app(make_app, smtp_server):  # noqa: F811
    MemorySender.sent.clear()
    application = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, SMS_SENDER="memory")
    with application.app_context():
        yield application
