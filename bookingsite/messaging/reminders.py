"""The day-before reminders and the CalDAV retries: periodic jobs, each safe to run twice at once.

Each booking is *claimed* by one compare-and-set UPDATE, so two runs started together never remind the same person
twice; a reminder's e-mail and SMS go through the outbox (retried, shown to supervisors when they fail).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from bookingsite.core.queue import enqueue
from bookingsite.extensions import db
from bookingsite.messaging import outbox
from bookingsite.models.booking import Booking

AHEAD = timedelta(hours=24)  # remind the day before
CALDAV_MAX_ATTEMPTS = 50  # then the operators' view shows the error and a person looks at it


def due_reminders(now: datetime) -> list[int]:
    """Ids of confirmed bookings starting within a day, not reminded yet, booked more than a day ahead."""
    query = select(Booking.id, Booking.start, Booking.confirmed_at).where(
        Booking.status == "confirmed", Booking.reminder_sent_at.is_(None), Booking.anonymised_at.is_(None),
        Booking.start > now, Booking.start <= now + AHEAD)
    # Booked within the last day: the confirmation was the reminder. (Compared here: SQLite has no interval maths.)
    return [i for i, start, confirmed in db.session.execute(query.order_by(Booking.start))
            if confirmed is not None and confirmed <= start - AHEAD]


def send_reminders(now: datetime) -> dict:
    """Record every due reminder once in the outbox, which delivers it; counts {"recorded", "skipped"}.

    The claim (``reminder_sent_at``) and the reminder's messages are committed together: a consumer killed before
    the delivery leaves the messages to the outbox's sweep, never a reminder marked sent that nobody sends.
    """
    counts = {"recorded": 0, "skipped": 0}
    for booking_id in due_reminders(now):
        claimed = db.session.execute(
            update(Booking).where(Booking.id == booking_id, Booking.reminder_sent_at.is_(None),
                                  Booking.status == "confirmed").values(reminder_sent_at=now)
            .execution_options(synchronize_session=False)).rowcount
        if claimed != 1:  # another run has it
            db.session.rollback()
            counts["skipped"] += 1
            continue
        booking = db.session.get(Booking, booking_id, populate_existing=True)
        rows = outbox.record_messages(booking_id, "reminder", now,
                                      kinds=[k for k in outbox.kinds_for(booking) if k in outbox.PERSON_KINDS])
        db.session.commit()
        for row in rows:
            enqueue("deliver_message", row.id)
        counts["recorded"] += 1
    return counts


def retry_caldav(now: datetime) -> dict:
    """Copy again to CalDAV every booking whose copy is pending or failed; counts {"ok", "error", "skipped"}."""
    from bookingsite.messaging.notify import sync_caldav

    rows = db.session.execute(select(Booking.id, Booking.caldav_attempts).where(
        Booking.caldav_status.in_(("pending", "error")), Booking.caldav_attempts < CALDAV_MAX_ATTEMPTS)).all()
    counts = {"ok": 0, "error": 0, "skipped": 0}
    for booking_id, attempts in rows:
        # Compare-and-set on the attempt counter: a concurrent run that got there first makes this one skip.
        claimed = db.session.execute(
            update(Booking).where(Booking.id == booking_id, Booking.caldav_attempts == attempts)
            .values(caldav_attempts=attempts + 1).execution_options(synchronize_session=False)).rowcount
        db.session.commit()
        if claimed != 1:
            counts["skipped"] += 1
            continue
        booking = db.session.get(Booking, booking_id, populate_existing=True)
        counts["ok" if sync_caldav(booking, now, count=False) == "ok" else "error"] += 1
    return counts
