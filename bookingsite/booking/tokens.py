"""Signed links: the manage link of a booking (revocable) and the token naming a hold in the details page's address.

A manage token signs ``[reference, version]``; revoking the link bumps the booking's ``manage_version``, so every
link signed before stops working. Links signed before versions existed carry the reference alone and stay valid
until the first revocation (version 0).
"""
from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from bookingsite.booking.reference import normalize_reference
from bookingsite.config import Settings
from bookingsite.extensions import current_settings, db
from bookingsite.models.booking import Booking


def _serializer(salt: str, settings: Settings | None = None) -> URLSafeSerializer:
    return URLSafeSerializer((settings if settings is not None else current_settings()).secret_key, salt=salt)


def find_by_reference(reference: str | None) -> Booking | None:
    """The booking with this reference (case, spaces and dashes ignored), or None."""
    code = normalize_reference(reference)
    return db.session.scalar(select(Booking).where(Booking.reference == code)) if code else None


def manage_token(booking: Booking, settings: Settings | None = None) -> str:
    """The signed token of the booking's manage link (no account needed; cannot be forged or altered)."""
    return _serializer("booking-manage", settings).dumps([booking.reference, booking.manage_version or 0])


def _reference_and_version(payload) -> tuple[str, int] | None:
    if isinstance(payload, str):
        return payload, 0  # a link signed before versions existed
    if isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], str) \
            and isinstance(payload[1], int):
        return payload[0], payload[1]
    return None


def booking_from_token(token: str, settings: Settings | None = None) -> Booking | None:
    """The booking a manage token names; None when the token was tampered with, revoked, or the booking is gone."""
    try:
        found = _reference_and_version(_serializer("booking-manage", settings).loads(token))
    except BadSignature:
        return None
    booking = find_by_reference(found[0]) if found else None
    return booking if booking is not None and (booking.manage_version or 0) == found[1] else None


def revoke_manage_link(booking: Booking) -> str:
    """Make every manage link of the booking stop working; the new link's token (sent to the person)."""
    booking.manage_version = (booking.manage_version or 0) + 1
    db.session.commit()
    return manage_token(booking)


def hold_token(booking: Booking, settings: Settings | None = None) -> str:
    """The signed token naming a hold in the details page's address (the page also checks the session)."""
    return _serializer("booking-hold", settings).dumps(booking.id)


def hold_from_token(token: str, settings: Settings | None = None) -> Booking | None:
    """The hold (or the booking it became) a hold token names, or None."""
    try:
        booking_id = _serializer("booking-hold", settings).loads(token)
    except BadSignature:
        return None
    return db.session.get(Booking, booking_id) if isinstance(booking_id, int) else None
