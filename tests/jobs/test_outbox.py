"""The outbox: messages recorded with the change, delivered once, retried with back-off, then shown as failed."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from bookingsite.booking import service
from bookingsite.booking.errors import SlotTaken
from bookingsite.extensions import current_settings, db
from bookingsite.messaging import outbox
from bookingsite.models.booking import Booking
from bookingsite.models.outbox import OutboxMessage
from tests.booking.booking_helpers import NOW, book_args, setup_site
from tests.booking.booking_servers import Inbox, free_port, smtp_server  # noqa: F401  (fixture)

OPERATOR = "rdv-site@cep.example.fr"
PERSON = "marie@example.fr"


def _rows(**where) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id).filter_by(**where)
    return list(db.session.scalars(query.execution_options(populate_existing=True)))


@pytest.fixture
def down_smtp(make_app):
    """An app whose mail server is not started yet: ``.start_smtp()`` brings it up on its port, ``.stop_smtp()``
    takes it down again."""
    port = free_port()
    application = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TIMEOUT=2, SMS_SENDER="memory",
                           OUTBOX_ATTEMPTS=3, OUTBOX_RETRY_S=60)
    inbox, started = Inbox(), []

    def start():
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)

    def stop():
        started.pop().stop()

    application.inbox, application.start_smtp, application.stop_smtp = inbox, start, stop
    with application.app_context():
        yield application
    for controller in started:
        controller.stop()


def test_the_change_and_its_messages_are_committed_together(app):
    site, _kind = setup_site(booking_email=OPERATOR)
    booking = service.book(**book_args(site, modality="phone"))
    # One row per side effect, each delivered at once (the suite's queue runs tasks inline).
    assert sorted((r.kind, r.change, r.status) for r in _rows()) == [
        ("itip", "confirmed", "sent"), ("mail", "confirmed", "sent"), ("sms", "confirmed", "sent")]
    with pytest.raises(SlotTaken):  # a refused change records nothing: its transaction is rolled back
        service.book(**book_args(site, email="paul@example.fr", phone="+33698765432", name="Paul Martin"))
    assert {r.booking_id for r in _rows()} == {booking.id}


def test_mail_server_down_then_back_delivers_each_message_once(down_smtp):
    site, _kind = setup_site(booking_email=OPERATOR)
    booking = service.book(**book_args(site))
    assert db.session.get(Booking, booking.id).status == "confirmed"  # confirmed at once, whatever the mail server
    waiting = _rows(status="pending")
    assert {r.kind for r in waiting} == {"itip", "mail"} and all(r.attempts == 1 for r in waiting)
    assert all(r.next_attempt_at == NOW + timedelta(seconds=60) for r in waiting)  # the first back-off
    assert outbox.due_ids(NOW) == []  # not before its time
    down_smtp.start_smtp()
    later = NOW + timedelta(minutes=2)
    for _round in range(2):  # a sweep run twice (two consumers) sends nothing twice
        for row_id in outbox.due_ids(later):
            outbox.deliver(row_id, later, current_settings())
    assert len(down_smtp.inbox.to(PERSON)) == 1 and len(down_smtp.inbox.to(OPERATOR)) == 1
    assert {r.status for r in _rows()} == {"sent"}


def test_a_delivery_cut_short_is_redelivered_with_the_same_message_id(down_smtp):
    site, _kind = setup_site()
    down_smtp.start_smtp()
    service.book(**book_args(site, phone=None))
    row = _rows(kind="mail")[0]
    first = down_smtp.inbox.to(PERSON)[0]["Message-ID"]
    assert first == outbox.message_id(row)
    # The consumer died after handing the message over, before writing "sent": its lease runs out.
    row.status, row.claimed_until = "sending", NOW + outbox.LEASE
    db.session.commit()
    assert outbox.deliver(row.id, NOW, current_settings()) == "skipped"  # still its consumer's, maybe alive
    after = NOW + outbox.LEASE + timedelta(seconds=1)
    assert outbox.due_ids(after) == [row.id]
    assert outbox.deliver(row.id, after, current_settings()) == "sent"
    again = down_smtp.inbox.to(PERSON)
    # Sent again, as the same message: the person's mail client shows it once.
    assert [m["Message-ID"] for m in again] == [first, first]
    assert outbox.deliver(row.id, after, current_settings()) == "skipped"  # never once it is sent


def test_two_deliveries_at_once_send_one_message(down_smtp):
    site, _kind = setup_site()
    booking = service.book(**book_args(site, phone=None))
    down_smtp.start_smtp()
    row_id = _rows(kind="mail")[0].id
    later, outcomes, barrier = NOW + timedelta(minutes=5), [], threading.Barrier(2)

    def one():
        with down_smtp.app_context():
            barrier.wait()
            outcomes.append(outbox.deliver(row_id, later, current_settings()))
            db.session.remove()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["sent", "skipped"]
    assert len(down_smtp.inbox.to(PERSON)) == 1
    assert booking.email == PERSON


def test_after_the_last_attempt_the_message_is_failed_and_counted(down_smtp):
    site, _kind = setup_site()
    service.book(**book_args(site, phone=None))
    row_id = _rows(kind="mail")[0].id
    at = NOW
    for _attempt in range(2):
        at += timedelta(hours=1)
        outbox.deliver(row_id, at, current_settings())
    row = _rows(kind="mail")[0]
    assert row.status == "failed" and row.attempts == 3
    assert "refused" in row.last_error.lower() or "connect" in row.last_error.lower()
    assert outbox.outbox_summary(at, current_settings())["failed"] == 1
    health = down_smtp.test_client().get("/healthz").get_json()
    assert health["outbox"] == {"pending": 0, "sending": 0, "failed": 1}
    assert outbox.retry(row_id, at) and not outbox.retry(row_id, at)  # a second click changes nothing
    down_smtp.start_smtp()
    assert outbox.deliver(row_id, at, current_settings()) == "sent"


def test_a_message_overtaken_by_a_later_change_is_not_sent(down_smtp):
    site, _kind = setup_site()
    booking = service.book(**book_args(site, phone=None))
    service.cancel_booking(booking.reference, NOW)
    down_smtp.start_smtp()
    later = NOW + timedelta(hours=1)
    outcomes = {r.change: outbox.deliver(r.id, later, current_settings()) for r in _rows(kind="mail")}
    # The person is told the current state once: the cancellation, not a confirmation of a cancelled booking.
    assert outcomes == {"confirmed": "superseded", "cancelled": "sent"}
    assert len(down_smtp.inbox.to(PERSON)) == 1


@pytest.mark.parametrize(("attempts", "seconds"), [
    (1, 60),  # after the first failure: the base delay
    (2, 120),  # doubled
    (5, 960),  # 60 × 2⁴
    (20, 6 * 3600),  # never more than six hours
])
def test_back_off_doubles_up_to_six_hours(attempts, seconds):
    assert outbox.backoff(attempts, 60) == timedelta(seconds=seconds)


def test_jobs_deliver_sends_what_is_due_from_the_shell(down_smtp):
    site, _kind = setup_site()
    service.book(**book_args(site, phone=None))
    down_smtp.start_smtp()
    runner = down_smtp.test_cli_runner()
    # BOOKINGSITE_NOW (the suite's frozen clock) is NOW: the first retry is not due yet.
    assert runner.invoke(args=["jobs", "deliver"]).output == "outbox: nothing due\n"
    db.session.execute(db.update(OutboxMessage).values(next_attempt_at=NOW))
    db.session.commit()
    assert runner.invoke(args=["jobs", "deliver"]).output == "outbox: 1 sent\n"
    assert len(down_smtp.inbox.to(PERSON)) == 1


def test_a_reminder_goes_through_the_outbox_and_waits_for_the_mail_server(down_smtp):
    """The claim and the reminder's messages are committed together: a server down delays it, never loses it."""
    from bookingsite.messaging.reminders import send_reminders
    from tests.messaging.test_reminders import DAY_BEFORE

    site, _kind = setup_site()
    down_smtp.start_smtp()
    booking = service.book(**book_args(site, phone=None))
    down_smtp.stop_smtp()
    assert send_reminders(DAY_BEFORE) == {"recorded": 1, "skipped": 0}
    assert db.session.get(Booking, booking.id).reminder_sent_at is not None
    (reminder,) = _rows(change="reminder")
    assert (reminder.kind, reminder.status) == ("mail", "pending")  # tried once, waiting for its back-off
    assert send_reminders(DAY_BEFORE) == {"recorded": 0, "skipped": 0}  # claimed: not recorded twice
    down_smtp.start_smtp()
    later = DAY_BEFORE + timedelta(minutes=2)
    for row_id in outbox.due_ids(later):
        outbox.deliver(row_id, later, current_settings())
    (received,) = [m for m in down_smtp.inbox.to(PERSON) if "Rappel" in m["Subject"]]
    assert received["Message-ID"] == outbox.message_id(reminder)
