"""Private iCal feeds of bookings for operators to subscribe to: one per site or per operator, secret and revocable.

The secret appears only in the URL (``/booking/calendar/<secret>.ics``); the database keeps its SHA-256, so a
leaked database does not leak the feeds. A feed shows as little personal data as an advisor needs to recognise
the appointment: the reference and the first name's initial (``CEP K7QX-4MZP (M.)``), never an e-mail or phone
number (those reach the operator by CalDAV or iTIP mail only). Cancelled bookings stay listed with
STATUS:CANCELLED for ``KEEP_CANCELLED_DAYS`` so subscribed calendars remove them rather than keep a stale copy.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import or_, select

from bookingsite.booking import ics
from bookingsite.booking.reference import display_reference
from bookingsite.extensions import db
from bookingsite.labels import modality_label
from bookingsite.models import Site
from bookingsite.models.booking import Booking, OperatorFeedToken
from bookingsite.vocabulary import OPERATORS_LOCALE

KEEP_CANCELLED_DAYS = 30
PAST_DAYS = 30  # how far back a feed lists appointments


class FeedTokenError(ValueError):
    """A token must name exactly one site or one operator that exists."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_feed_token(now: datetime, operator_id: str | None = None, site_id: str | None = None,
                      label: str | None = None) -> tuple[OperatorFeedToken, str]:
    """A new token row and its secret (shown once)."""
    if bool(operator_id) == bool(site_id):
        raise FeedTokenError("give a site or an operator, not both")
    secret = secrets.token_urlsafe(24)
    row = OperatorFeedToken(token_hash=_digest(secret), operator_id=operator_id, site_id=site_id, label=label,
                            created_at=now)
    db.session.add(row)
    db.session.commit()
    return row, secret


def revoke_feed_token(token_id: int, now: datetime) -> bool:
    """Stop a feed from answering; False when there is no such token."""
    row = db.session.get(OperatorFeedToken, token_id)
    if row is None:
        return False
    row.revoked_at = row.revoked_at or now
    db.session.commit()
    return True


def token_for(secret: str) -> OperatorFeedToken | None:
    """The live token with this secret, or None (unknown or revoked)."""
    if not secret or len(secret) > 100:
        return None
    row = db.session.scalar(select(OperatorFeedToken).where(OperatorFeedToken.token_hash == _digest(secret)))
    return row if row is not None and row.revoked_at is None else None


def feed_bookings(token: OperatorFeedToken, now: datetime) -> list[Booking]:
    """The bookings a token's feed lists: confirmed, and cancelled ones for a while."""
    query = select(Booking).where(
        Booking.start >= now - timedelta(days=PAST_DAYS),
        or_(Booking.status == "confirmed",
            (Booking.status == "cancelled") & (Booking.cancelled_at >= now - timedelta(days=KEEP_CANCELLED_DAYS))))
    if token.site_id:
        query = query.where(Booking.site_id == token.site_id)
    else:
        query = query.where(Booking.site_id.in_(select(Site.id).where(Site.operator_id == token.operator_id)))
    return list(db.session.scalars(query.order_by(Booking.start)))


def feed_event(booking: Booking) -> ics.EventData:
    """The minimal event for a shared feed."""
    initial = f" ({booking.name.strip()[:1].upper()}.)" if booking.name and booking.name.strip() else ""
    with force_locale(OPERATORS_LOCALE):  # operators read French
        modality = modality_label(booking.modality).lower()
    return ics.EventData(uid=booking.uid, sequence=booking.sequence, start=booking.start, end=booking.end,
                         summary=f"CEP {display_reference(booking.reference)}{initial} – {modality}",
                         cancelled=booking.status == "cancelled", created=booking.created_at,
                         description=f"{booking.appointment_type.label} – {booking.site.name}")


def feed_document(token: OperatorFeedToken, now: datetime) -> bytes:
    """The whole feed as iCalendar bytes."""
    name = f"CEP – {token.site_id or token.operator_id}"
    return ics.calendar([feed_event(b) for b in feed_bookings(token, now)], now, name=name)
