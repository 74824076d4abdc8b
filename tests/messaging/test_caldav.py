"""Bookings copied to a REAL CalDAV server (Radicale on loopback): there, moved, gone; failures retried."""
from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest

from bookingsite.booking import service
from bookingsite.extensions import current_settings, db
from bookingsite.messaging import outbox
from bookingsite.messaging.reminders import retry_caldav
from bookingsite.models.booking import Booking
from bookingsite.models.outbox import OutboxMessage
from tests.booking.booking_helpers import NOW, SLOT, book_args, setup_site
from tests.booking.booking_servers import Radicale, free_port, radicale, start_radicale  # noqa: F401  (fixture)


def _only_event(radicale, collection):  # noqa: F811
    events = radicale.events(collection)
    assert len(events) == 1
    return icalendar.Calendar.from_ical(events[0]).walk("VEVENT")[0]


def test_book_move_cancel_there_moved_gone(app, radicale):  # noqa: F811
    collection = radicale.make_calendar("strasbourg-a")
    site, _kind = setup_site(caldav_url=collection)
    booking = service.book(**book_args(site))
    assert booking.caldav_status == "ok"
    event = _only_event(radicale, collection)
    assert str(event["UID"]) == booking.uid and event.decoded("DTSTART") == SLOT
    assert booking.reference[:4] in str(event["SUMMARY"]) and int(event["SEQUENCE"]) == 0

    service.reschedule_booking(booking.reference, SLOT + timedelta(hours=4), NOW)
    event = _only_event(radicale, collection)  # replaced, not duplicated
    assert event.decoded("DTSTART") == SLOT + timedelta(hours=4) and int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == booking.uid

    service.cancel_booking(booking.reference, NOW)
    assert radicale.events(collection) == []
    assert booking.caldav_status == "ok" and booking.caldav_href is None


def test_the_operators_copy_speaks_french_without_codes(app, radicale):  # noqa: F811
    collection = radicale.make_calendar("nantes-a")
    site, _kind = setup_site(caldav_url=collection)
    service.book(**book_args(site, modality="phone"))
    event = _only_event(radicale, collection)
    text = f"{event['SUMMARY']}\n{event['DESCRIPTION']}"
    assert "Modalité : Par téléphone" in text and "Canal : Site web" in text and "(Par téléphone)" in text
    assert ": phone" not in text and ": web" not in text and "(phone)" not in text  # never the stored codes


def test_calendar_down_keeps_the_booking_and_the_job_retries(app, radicale):  # noqa: F811
    site, _kind = setup_site(caldav_url=f"http://127.0.0.1:{free_port()}/cep/nobody/")
    booking = service.book(**book_args(site))
    assert booking.status == "confirmed" and booking.caldav_status == "error" and booking.caldav_error

    collection = radicale.make_calendar("back-up")
    booking.agenda.caldav_url = collection  # the operator's server is back (here: at another address)
    db.session.commit()
    assert retry_caldav(NOW) == {"ok": 1, "error": 0, "skipped": 0}
    assert _only_event(radicale, collection)["UID"] == booking.uid
    assert retry_caldav(NOW) == {"ok": 0, "error": 0, "skipped": 0}  # nothing left to do


def test_calendar_server_down_then_back_gets_the_copy_from_the_outbox(app, tmp_path):
    port, folder = free_port(), tmp_path / "radicale"
    server = start_radicale(folder, port)
    collection = Radicale(f"http://127.0.0.1:{port}").make_calendar("down-then-back")
    server.terminate()  # the operator's calendar server goes down, its calendar with it
    server.wait(timeout=10)
    site, _kind = setup_site(caldav_url=collection)
    booking = service.book(**book_args(site, phone=None))
    assert booking.status == "confirmed"  # at once, whatever the calendar server
    row = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.kind == "caldav")).one()
    assert (row.status, row.attempts) == ("pending", 1) and row.last_error
    server = start_radicale(folder, port)  # back, with the calendar it had
    try:
        later = NOW + timedelta(minutes=5)
        for _round in range(2):  # the sweep run twice (two consumers) writes nothing twice
            for row_id in outbox.due_ids(later):
                outbox.deliver(row_id, later, current_settings())
        events = Radicale(f"http://127.0.0.1:{port}").events(collection)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert len(events) == 1
    event = icalendar.Calendar.from_ical(events[0]).walk("VEVENT")[0]
    assert str(event["UID"]) == booking.uid and event.decoded("DTSTART") == SLOT
    assert db.session.get(OutboxMessage, row.id, populate_existing=True).status == "sent"
    assert db.session.get(Booking, booking.id, populate_existing=True).caldav_status == "ok"


def test_move_to_another_advisor_moves_the_event_between_calendars(app, radicale):  # noqa: F811
    first, second = radicale.make_calendar("a1"), radicale.make_calendar("a2")
    site, _kind = setup_site(agendas=2, caldav_url=first)
    site.agendas[1].caldav_url = second
    db.session.commit()
    booking = service.book(**book_args(site))
    # Someone else takes the first advisor at the new time: only the second advisor is free then.
    other = service.book(**book_args(site, start=SLOT + timedelta(days=1), email="x@example.fr", phone=""))
    assert booking.agenda_id == other.agenda_id == site.agendas[0].id
    moved = service.reschedule_booking(booking.reference, SLOT + timedelta(days=1), NOW)
    assert moved.agenda_id == site.agendas[1].id
    assert _only_event(radicale, first)["UID"] == other.uid  # the moved booking left the first calendar
    assert _only_event(radicale, second)["UID"] == booking.uid


@pytest.mark.parametrize("url, expected", [
    ("https://u:secret@cal.example.fr/dav/a/", ("https://cal.example.fr/dav/a/", "u", "secret")),  # credentials
    ("https://cal.example.fr/dav/a/", ("https://cal.example.fr/dav/a/", None, None)),  # none
])
def test_credentials_leave_the_url(url, expected):
    from bookingsite.messaging.caldav_writer import split_credentials
    assert split_credentials(url) == expected
