"""The copies of personal data outside the database, cleaned after an erasure or a purge (adapter).

- The operator's CalDAV calendar: each copy is *rewritten* from the anonymised booking (``notify.operator_event``
  leaves out the empty name, e-mail and phone; the summary says "anonymised"), for past and future appointments
  alike. Rewriting rather than deleting past events: the booking itself is kept (anonymised) and stays confirmed,
  so the calendar goes on matching it; the advisor's calendar keeps the hour as worked; and ``sync_caldav`` (the
  retry job included) would put a deleted event of a confirmed booking back anyway.
- The demo outbox (e-mails written to BOOKINGSITE_OUTBOX_DIR when no SMTP server is set): the messages about
  these bookings are deleted. Messages already handed to an SMTP server are out of our reach.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bookingsite.config import Settings
from bookingsite.extensions import db
from bookingsite.messaging import mail
from bookingsite.messaging.notify import sync_caldav
from bookingsite.models.booking import Booking


@dataclass(frozen=True)
class CopiesCleaned:
    """Counts only: calendar copies rewritten, left for the retry job, outbox files deleted."""

    rewritten: int
    failed: int
    mails_deleted: int


def clean_copies(ids: Iterable[int], references: Iterable[str], addresses: Iterable[str],
                 now: datetime, settings: Settings) -> CopiesCleaned:
    """Rewrite the calendar copies of these anonymised bookings and delete their outbox messages; never raises
    on a calendar failure (the copy stays "pending"/"error" and ``flask caldav retry`` finishes it)."""
    rewritten = failed = 0
    for booking_id in ids:
        booking = db.session.get(Booking, booking_id, populate_existing=True)
        if booking is None or booking.caldav_status != "pending" or booking.anonymised_at is None:
            continue  # no copy to rewrite, or another run got there first
        if sync_caldav(booking, now) == "ok":
            rewritten += 1
        else:
            failed += 1
    deleted = mail.forget_outbox(Path(settings.outbox_dir), references, addresses)
    return CopiesCleaned(rewritten, failed, deleted)
