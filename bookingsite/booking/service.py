"""Booking operations: hold a slot, confirm it, book in one call, cancel, reschedule, find; signed manage links.

The database is the system of record. Every change runs in one write transaction (``claims.begin_write``) that
checks the slot again against the feeds and the bookings made here, then claims its cells (UNIQUE: never twice).
Feeds are refreshed *before* that transaction when older than the TTL (network I/O never runs under the lock).
Calendars and messages are recorded in the change's transaction (``record_change``: the outbox) and delivered after
the commit by the task queue: a calendar or a mail server that is down never loses a booking, nor a message.
Shared by the public pages, the API, the agent desk and the widget.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bookingsite.availability import claims
from bookingsite.availability.snapshots import busy_for
from bookingsite.booking.confirm import confirm_hold, drop_hold, move_booking
from bookingsite.booking.contact import validate_contact
from bookingsite.booking.errors import (  # noqa: F401  (re-exported: the service's errors)
    BookingError,
    BookingNotFound,
    Busy,
    DuplicateBooking,
    HoldExpired,
    InvalidContact,
    InvalidSlot,
    NotChangeable,
    SameSlot,
    SlotTaken,
    TooManyHolds,
)
from bookingsite.booking.events import Reach, announce_change, record_change
from bookingsite.booking.holds import Holder, make_room
from bookingsite.booking.reference import new_reference
from bookingsite.booking.tokens import (  # noqa: F401  (re-exported: the signed links)
    booking_from_token,
    find_by_reference,
    hold_from_token,
    hold_token,
    manage_token,
    revoke_manage_link,
)
from bookingsite.booking.transactions import (  # noqa: F401  (re-exported: the pages read slots through the service)
    Taken,
    alternatives,
    in_write_transaction,
    pick_agenda,
    settings_or_app,
    slots_for,
    taken,
)
from bookingsite.booking.validation import check_request
from bookingsite.config import Settings
from bookingsite.extensions import db
from bookingsite.models import AppointmentType, Site
from bookingsite.models.booking import Booking
from bookingsite.models.prequal import Prequal


@dataclass(frozen=True, kw_only=True)
class HoldRequest:
    """What a channel asks to hold: the slot, and who holds it through which channel.

    ``idempotency_key`` must be the caller's own (see ``caller_key``): the same key gives back the same hold or booking.
    """

    site_id: str
    start: datetime
    type_id: str
    modality: str
    channel: str = "web"
    locale: str = "fr"
    prequal_id: str | None = None
    partner_id: str | None = None
    agent_id: str | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True, kw_only=True)
class BookingRequest(HoldRequest):
    """What a channel asks to book in one call: a hold's request plus the person."""

    name: str | None
    email: str | None
    phone: str | None
    consent: bool


def _load(site_id: str, type_id: str) -> tuple[Site, AppointmentType]:
    site = db.session.get(Site, site_id) if site_id else None
    if site is None:
        raise InvalidSlot("unknown_site")
    appointment_type = db.session.get(AppointmentType, type_id) if type_id else None
    if appointment_type is None:
        raise InvalidSlot("wrong_type")
    return site, appointment_type


def hold_slot(request: HoldRequest, now: datetime, settings: Settings | None = None,
              holder: Holder | None = None) -> Booking:
    """Take the slot for ``BOOKINGSITE_HOLD_MIN`` minutes while the person gives their details (status "held").

    ``idempotency_key`` must be the caller's own (see ``caller_key``): it gives back the hold it made before.
    ``holder`` (the website) caps the holds a session and an address keep at once (``holds.make_room``).
    """
    settings = settings_or_app(settings)
    if request.idempotency_key:
        existing = db.session.scalar(select(Booking).where(Booking.idempotency_key == request.idempotency_key))
        if existing is not None and existing.is_active(now):
            return existing  # the same form sent twice
    site, appointment_type = _load(request.site_id, request.type_id)
    start, modality, prequal_id = request.start, request.modality, request.prequal_id
    check_request(site, appointment_type, start, modality, now)
    busy_for(site, now, settings)  # refresh stale feeds before the lock
    prequal = db.session.get(Prequal, prequal_id) if prequal_id else None
    hold_min = settings.hold_min

    def work() -> Booking:
        claims.purge_expired_holds(site.id, now)
        if holder is not None:
            make_room(holder, site.id, now, settings)
        agenda, unit, wanted = pick_agenda(site, appointment_type, start, modality, now, settings)
        booking = Booking(
            reference=new_reference(), site_id=site.id, agenda_id=agenda.id,
            appointment_type_id=appointment_type.id, modality=modality, start=start.astimezone(UTC),
            end=(start + timedelta(minutes=appointment_type.duration_min)).astimezone(UTC), status="held",
            hold_expires_at=now + timedelta(minutes=hold_min), hold_address=holder.address if holder else None,
            prequal_id=prequal.id if prequal else None,
            channel=request.channel, partner_id=request.partner_id, agent_id=request.agent_id, locale=request.locale,
            urgent=bool(prequal and prequal.urgent), idempotency_key=request.idempotency_key, created_at=now, sequence=0,
            caldav_attempts=0, no_show=False)
        claims.claim(booking, unit, wanted)
        db.session.add(booking)
        db.session.flush()
        return booking

    try:
        return in_write_transaction(site, work)
    except Taken:
        raise taken(site, appointment_type, modality, start, now, settings) from None


def confirm_booking(hold: Booking, name: str | None, email: str | None, phone: str | None, consent: bool,
                    now: datetime, settings: Settings | None = None, locale: str | None = None,
                    reach: Reach = None) -> Booking:
    """Turn a hold into a confirmed booking with the person's details, checking the feeds once more."""
    return confirm_hold(hold, name, email, phone, consent, now, settings_or_app(settings), locale, reach)


def caller_key(*parts: str) -> str:
    """An idempotency key scoped to its caller (a partner's key, a flow, an agent's form): a fixed-size digest."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def book(request: BookingRequest, now: datetime, settings: Settings | None = None, reach: Reach = None) -> Booking:
    """Hold and confirm in one call (API, agent desk, widget); the same request twice with its key gives one booking.

    Only the caller's own ``idempotency_key`` gives back a booking: the same person and slot booked again without
    it is refused (``DuplicateBooking``), never answered with someone's booking.
    """
    settings = settings_or_app(settings)
    if request.idempotency_key:
        existing = db.session.scalar(select(Booking).where(Booking.idempotency_key == request.idempotency_key))
        if existing is not None and existing.status == "confirmed":
            return existing
    site = _load(request.site_id, request.type_id)[0]
    contact = validate_contact(request.name, request.email, request.phone, request.consent, request.modality,
                               site.region_code)
    hold = hold_slot(request, now, settings)
    hold_id = hold.id
    try:
        return confirm_booking(hold, contact.name, contact.email, contact.phone, request.consent, now, settings,
                               request.locale, reach)
    except BaseException:
        _release_hold(hold_id)  # a refusal or a failure (a database error…) never leaves the time blocked
        raise


def _release_hold(hold_id: int) -> None:
    """Drop the hold if it is still one (its confirmation failed); a failure here never hides the first one."""
    try:
        db.session.rollback()
        hold = db.session.get(Booking, hold_id)
        if hold is not None and hold.status == "held":
            drop_hold(hold)
    except Exception:  # noqa: BLE001 — the hold then expires on its own after BOOKINGSITE_HOLD_MIN
        db.session.rollback()


def cancel_booking(reference: str, now: datetime, by: str | None = None, partner_id: str | None = None,
                   reach: Reach = None) -> Booking:
    """Cancel a confirmed booking (idempotent); ``partner_id`` restricts it to that partner's bookings."""
    booking = find_by_reference(reference)
    if booking is None or booking.status == "held" or (partner_id is not None and booking.partner_id != partner_id):
        raise BookingNotFound()
    if booking.status == "cancelled":
        return booking
    if booking.start <= now:
        raise NotChangeable()
    site = booking.site

    def work() -> Booking:
        db.session.refresh(booking)
        if booking.status == "cancelled":
            return booking
        claims.release(booking)
        booking.status, booking.cancelled_at, booking.cancelled_by = "cancelled", now, by or "person"
        booking.sequence += 1
        if booking.caldav_status is not None or booking.agenda.caldav_url:
            booking.caldav_status = "pending"
        record_change(booking.id, "cancelled", now, reach)
        return booking

    result = in_write_transaction(site, work)
    announce_change(result.id, "cancelled", now, reach)
    return result


def reschedule_booking(reference: str, new_start: datetime, now: datetime, settings: Settings | None = None,
                       modality: str | None = None, partner_id: str | None = None, reach: Reach = None) -> Booking:
    """Move a confirmed booking to another free time of the same site (its old time is kept if the new one fails)."""
    booking = find_by_reference(reference)
    if booking is None or booking.status == "held" or (partner_id is not None and booking.partner_id != partner_id):
        raise BookingNotFound()
    return move_booking(booking, new_start, now, settings_or_app(settings), modality, reach)
