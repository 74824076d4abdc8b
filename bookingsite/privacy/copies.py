"""The copies of personal data outside the database, cleaned after an erasure or a purge (adapter).

- The operator's CalDAV calendar: each copy is *rewritten* from the anonymised booking (``notify.operator_event``
  leaves out the empty name, e-mail and phone; the summary says "anonymised"), for past and future appointments
  alike, by the outbox message the anonymisation recorded in its transaction, handed to the queue here.
  Rewriting rather than deleting past events: the booking itself is kept (anonymised) and stays confirmed,
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

from sqlalchemy import select

from bookingsite.config import Settings
from bookingsite.core.queue import enqueue
from bookingsite.extensions import db
from bookingsite.messaging import mail
from bookingsite.models.outbox import OutboxMessage


@dataclass(frozen=True)
class CopiesCleaned:
    """Counts only: calendar copies rewritten, waiting in the outbox (their calendar is down), outbox files deleted."""

    rewritten: int
    waiting: int
    mails_deleted: int


def clean_copies(ids: Iterable[int], references: Iterable[str], addresses: Iterable[str],
                 now: datetime, settings: Settings) -> CopiesCleaned:
    """Hand the calendar rewrites of these anonymised bookings to the queue and delete their demo outbox e-mails;
    never raises on a calendar failure (the outbox retries it, then shows it to supervisors)."""
    rewrites = (OutboxMessage.booking_id.in_(list(ids)), OutboxMessage.kind == "caldav",
                OutboxMessage.change == "anonymised")
    for row_id in db.session.scalars(select(OutboxMessage.id).where(*rewrites, OutboxMessage.status == "pending")).all():
        enqueue("deliver_message", row_id)
    statuses = list(db.session.scalars(select(OutboxMessage.status).where(*rewrites)))
    deleted = mail.forget_outbox(Path(settings.outbox_dir), references, addresses)
    return CopiesCleaned(statuses.count("sent"), len(statuses) - statuses.count("sent"), deleted)
