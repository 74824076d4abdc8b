"""Personal data: the privacy notice version, the retention purge, and one person's data on request (export, erase).

Personal data lives only in ``booking.name`` (and its folded copy for searches, ``booking.name_folded``),
``booking.email`` and ``booking.phone``. Anonymising a booking sets them to NULL and stamps ``anonymised_at``;
everything the statistics count (site, channel, dates, status, no-show, pre-qualification) stays, so every
dashboard figure is the same before and after.

Copies outside the database: a booking with a CalDAV copy gets, in the blanking's own transaction, an outbox
message that rewrites the copy from the blanked row (delivered by the queue, retried while the calendar is down,
shown to supervisors if it never goes through), and the person's messages still waiting are dropped (they have
no address left); e-mails in the demo outbox are deleted by ``privacy.copies``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from bookingsite.booking.contact import normalize_email, phone_forms
from bookingsite.messaging.outbox import record_anonymised
from bookingsite.models import Site
from bookingsite.models.booking import Booking
from bookingsite.models.piloting import PurgeLog

# The version of the privacy notice (/privacy) a person accepts when booking; bookings store it in
# ``booking.consent_version``. Change it whenever the notice's substance changes.
# The period the notice announces when nothing else is configured (BOOKINGSITE_PURGE_AFTER_DAYS).
DEFAULT_RETENTION_DAYS = 365


@dataclass(frozen=True)
class PurgeResult:
    """What one purge did: counts only."""

    cutoff: datetime
    bookings: int
    ids: tuple[int, ...] = ()  # the bookings this run anonymised
    references: tuple[str, ...] = ()


def purge_cutoff(now: datetime, after_days: int) -> datetime:
    """Appointments that ended before this instant lose their personal data."""
    return now - timedelta(days=after_days)


# Written with the blanking: a booking that has a calendar copy gets it rewritten without the personal data.
_COPY_TO_REWRITE = {
    "caldav_status": case((Booking.caldav_href.is_not(None), "pending"), else_=Booking.caldav_status),
    "caldav_attempts": case((Booking.caldav_href.is_not(None), 0), else_=Booking.caldav_attempts),
}


def purge(session: Session, now: datetime, after_days: int) -> PurgeResult:
    """Anonymise bookings whose appointment ended ``after_days`` ago; log the count; idempotent.

    One UPDATE whose WHERE re-checks ``anonymised_at IS NULL``: two purges running at once cannot both count a
    booking (PostgreSQL re-evaluates the condition on rows the other one changed; SQLite serialises writers).
    RETURNING names exactly the rows this run changed, for the copies to clean.
    """
    cutoff = purge_cutoff(now, after_days)
    rows = session.execute(
        update(Booking)
        .where(Booking.end < cutoff, Booking.anonymised_at.is_(None))
        .values(name=None, name_folded=None, email=None, phone=None, anonymised_at=now, **_COPY_TO_REWRITE)
        .returning(Booking.id, Booking.reference, Booking.caldav_href)
        .execution_options(synchronize_session=False)
    ).all()
    for row in rows:
        record_anonymised(row.id, row.caldav_href is not None, now)
    session.add(PurgeLog(ran_at=now, kind="retention", cutoff=cutoff, bookings=len(rows)))
    session.commit()
    return PurgeResult(cutoff, len(rows), tuple(r.id for r in rows), tuple(r.reference for r in rows))


class NoContact(ValueError):
    """Neither a usable e-mail address nor a usable phone number was given."""


def person_bookings(session: Session, email: str, phone: str, operator_ids: set[str] | None) -> list[Booking]:
    """The not-yet-anonymised bookings of the person with exactly this e-mail and/or phone, within the scope.

    Both are normalised as bookings store them (``booking.contact``) and compared for equality, never with a
    pattern: ``%`` or ``_`` typed in the form are plain characters. A phone typed nationally matches each form it
    may be stored in (0690… is stored +590690…, whichever the staff member's region). ``InvalidContact`` (naming its field) when one
    is not an address or a number; ``NoContact`` when neither is given.
    """
    email_n, phones = normalize_email(email), phone_forms(phone)
    if not email_n and not phones:
        raise NoContact()
    conditions = []
    if email_n:
        # Stored addresses keep the case the person typed (only the domain is lower-cased): compare case-blind,
        # still as a whole. lower() is applied to both sides in SQL, so SQLite and PostgreSQL agree.
        conditions.append(func.lower(Booking.email) == func.lower(email_n))
    if phones:
        conditions.append(Booking.phone.in_(phones))
    query = select(Booking).where(or_(*conditions), Booking.anonymised_at.is_(None)).order_by(Booking.start)
    if operator_ids is not None:
        query = query.join(Site, Site.id == Booking.site_id).where(Site.operator_id.in_(operator_ids))
    return list(session.scalars(query))


def export_document(bookings: list[Booking], now: datetime) -> dict:
    """Everything held about the person (their right of access), as a JSON-able document."""
    return {
        "exported_at": now.isoformat(),
        "privacy_notice": "/privacy",
        "bookings": [{
            "reference": b.reference, "status": b.status, "site_id": b.site_id, "modality": b.modality,
            "start": b.start.isoformat(), "end": b.end.isoformat(), "name": b.name, "email": b.email,
            "phone": b.phone, "channel": b.channel, "locale": b.locale, "consent_version": b.consent_version,
            "created_at": b.created_at.isoformat(), "prequal_id": b.prequal_id,
        } for b in bookings],
    }


def erase(session: Session, bookings: list[Booking], now: datetime) -> int:
    """Anonymise these bookings now (the right to erasure); log the count; return it."""
    for booking in bookings:
        booking.name = booking.email = booking.phone = None
        booking.anonymised_at = now
        if booking.caldav_href is not None:
            booking.caldav_status, booking.caldav_attempts = "pending", 0
        record_anonymised(booking.id, booking.caldav_href is not None, now)
    session.add(PurgeLog(ran_at=now, kind="request", cutoff=None, bookings=len(bookings)))
    session.commit()
    return len(bookings)
