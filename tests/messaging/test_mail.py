"""E-mails received by a REAL SMTP server (aiosmtpd on loopback): .ics parses, UID stable, SEQUENCE grows, METHOD."""
from __future__ import annotations

from datetime import UTC, timedelta

import icalendar

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.messaging import mail
from tests.booking.booking_helpers import NOW, SLOT, book_args, setup_site
from tests.booking.booking_servers import calendar_parts, free_port, smtp_server  # noqa: F401  (fixture)

OPERATOR = "rdv-site@cep.example.fr"


def _event(message, method: str):
    parts = calendar_parts(message)
    assert parts, "no calendar part"
    calendars = [icalendar.Calendar.from_ical(p) for p in parts]
    assert all(str(c["METHOD"]) == method for c in calendars)
    return calendars[0].walk("VEVENT")[0]


def test_confirmation_move_and_cancellation_by_email(smtp_app, smtp_server):  # noqa: F811
    site, _kind = setup_site(booking_email=OPERATOR)
    booking = service.book(**book_args(site))
    service.reschedule_booking(booking.reference, SLOT + timedelta(days=1), NOW)
    service.cancel_booking(booking.reference, NOW)
    person, operator = smtp_server.inbox.to("marie@example.fr"), smtp_server.inbox.to(OPERATOR)
    assert len(person) == 3 and len(operator) == 3
    for messages in (person, operator):
        events = [_event(m, method) for m, method in zip(messages, ("REQUEST", "REQUEST", "CANCEL"))]
        assert {str(e["UID"]) for e in events} == {booking.uid}  # one UID for the booking's whole life
        assert [int(e["SEQUENCE"]) for e in events] == [0, 1, 2]
        assert [e.decoded("DTSTART") for e in events] == [SLOT, SLOT + timedelta(days=1), SLOT + timedelta(days=1)]
        assert str(events[2]["STATUS"]) == "CANCELLED"
    assert "confirm" in person[0]["Subject"].lower()  # French by default: "confirmé"
    assert booking.reference[:4] in person[0]["Subject"]
    body = person[0].get_body(("plain",)).get_content() if hasattr(person[0], "get_body") else ""
    assert body is not None


def test_operator_copy_carries_contact_details(smtp_app, smtp_server):  # noqa: F811
    site, _kind = setup_site(booking_email=OPERATOR)
    service.book(**book_args(site, modality="phone"))
    event = _event(smtp_server.inbox.to(OPERATOR)[0], "REQUEST")
    assert "+33612345678" in str(event["DESCRIPTION"])  # the advisor calls this number
    assert str(event["ATTENDEE"]).endswith(OPERATOR)


def test_mail_server_down_keeps_the_booking(make_app):
    application = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_TIMEOUT=2)
    with application.app_context():
        site, _kind = setup_site()
        booking = service.book(**book_args(site))
        assert db.session.get(type(booking), booking.id).status == "confirmed"


def test_without_smtp_host_messages_go_to_the_outbox(app, tmp_path):
    site, _kind = setup_site()
    service.book(**book_args(site))
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1


def test_english_booking_gets_english_mail(smtp_app, smtp_server):  # noqa: F811
    site, _kind = setup_site()
    service.book(**book_args(site, locale="en"))
    message = smtp_server.inbox.to("marie@example.fr")[0]
    assert message["Subject"].startswith("Your CEP appointment is confirmed")


def test_message_shape():
    from datetime import datetime
    message = mail.build_message("a@example.fr", "b@example.fr", "S", "Body", datetime(2026, 1, 1, tzinfo=UTC),
                                 mail.Attachment(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "REQUEST"))
    types = [p.get_content_type() for p in message.walk()]
    assert types == ["multipart/mixed", "multipart/alternative", "text/plain", "text/calendar", "application/ics"]
    assert message.get_content_type() == "multipart/mixed"
