"""The day-before reminders and the CalDAV retries: periodic jobs, each safe to run twice at once.

Each booking is *claimed* by one compare-and-set UPDATE (committed) before anything is sent, so two runs started
together never remind the same person twice; a send that fails gives the claim back for the next run.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select, update

from bookingsite.extensions import db
from bookingsite.models.booking import Booking

log = logging.getLogger("bookingsite.messaging.reminders")
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


def _claim_reminder(booking_id: int, now: datetime) -> bool:
    claimed = db.session.execute(
        update(Booking).where(Booking.id == booking_id, Booking.reminder_sent_at.is_(None),
                              Booking.status == "confirmed").values(reminder_sent_at=now)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return claimed == 1


def send_reminders(now: datetime) -> dict:
    """Send every due reminder once; counts {"sent", "skipped", "failed"}."""
    from bookingsite.messaging.notify import send_reminder

    counts = {"sent": 0, "skipped": 0, "failed": 0}
    for booking_id in due_reminders(now):
        if not _claim_reminder(booking_id, now):
            counts["skipped"] += 1  # another run has it
            continue
        booking = db.session.get(Booking, booking_id, populate_existing=True)
        try:
            send_reminder(booking, now)
            counts["sent"] += 1
        except Exception:
            log.exception("reminder of booking %s failed", booking_id)
            db.session.rollback()
            db.session.execute(update(Booking).where(Booking.id == booking_id).values(reminder_sent_at=None))
            db.session.commit()
            counts["failed"] += 1
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
