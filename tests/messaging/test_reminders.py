"""`flask reminders send`: the day before, once, never for a cancelled booking, safe to run twice at once."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from bookingsite.booking import service
from bookingsite.messaging.reminders import due_reminders, send_reminders
from bookingsite.messaging.sms import MemorySender
from tests.booking.booking_helpers import NOW, PARIS, SLOT, book_args, setup_site

DAY_BEFORE = datetime(2026, 12, 1, 10, 30, tzinfo=PARIS)  # 23.5 hours before SLOT


@pytest.fixture
def sms_app(make_app):
    MemorySender.sent.clear()
    application = make_app(SMS_SENDER="memory")
    with application.app_context():
        yield application


def _texts():
    return [text for _to, text in MemorySender.sent if "reminder" in text.lower() or "rappel" in text.lower()]


@pytest.mark.parametrize("now, due", [
    (NOW, False),  # 25 hours before: not yet
    (DAY_BEFORE, True),  # within the day before
    (SLOT + timedelta(minutes=1), False),  # already started
])
def test_reminder_is_due_the_day_before(sms_app, now, due):
    site, _kind = setup_site()
    booking = service.book(**book_args(site))
    assert (booking.id in due_reminders(now)) is due


def test_sent_once_by_sms_and_email(sms_app, tmp_path):
    site, _kind = setup_site()
    service.book(**book_args(site))
    outbox = tmp_path / "outbox"
    before = len(list(outbox.glob("*.eml")))
    assert send_reminders(DAY_BEFORE)["recorded"] == 1
    assert send_reminders(DAY_BEFORE)["recorded"] == 0
    assert len(_texts()) == 1 and len(list(outbox.glob("*.eml"))) == before + 1


def test_never_for_a_cancelled_booking(sms_app):
    site, _kind = setup_site()
    booking = service.book(**book_args(site))
    service.cancel_booking(booking.reference, NOW)
    assert send_reminders(DAY_BEFORE)["recorded"] == 0 and _texts() == []


def test_booked_within_the_day_gets_no_reminder(sms_app):
    site, _kind = setup_site()
    service.book(**book_args(site, now=DAY_BEFORE - timedelta(minutes=10)))  # 23 h 40 ahead
    assert send_reminders(DAY_BEFORE)["recorded"] == 0


def test_two_runs_at_once_remind_once(sms_app):
    site, _kind = setup_site(agendas=3)
    for n in range(3):
        service.book(**book_args(site, email=f"p{n}@example.fr", phone=f"06 12 34 56 7{n}"))
    results, barrier = [], threading.Barrier(2)

    def run():
        with sms_app.app_context():
            barrier.wait()
            results.append(send_reminders(DAY_BEFORE))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r["recorded"] for r in results) == 3 and len(_texts()) == 3


def test_cli_command(sms_app):
    site, _kind = setup_site()
    service.book(**book_args(site))
    sms_app.config["BOOKINGSITE_NOW"] = DAY_BEFORE.isoformat()
    out = sms_app.test_cli_runner().invoke(args=["reminders", "send"])
    assert out.exit_code == 0 and "1 handed to the outbox" in out.output
