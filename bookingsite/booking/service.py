"""Booking operations: hold a slot, confirm it, book in one call, cancel, reschedule, find; signed manage links.

The database is the system of record. Every change runs in one write transaction (``claims.begin_write``) that
checks the slot again against the feeds and the bookings made here, then claims its cells (UNIQUE: never twice).
Feeds are refreshed *before* that transaction when older than the TTL (network I/O never runs under the lock).
Calendars and messages are updated after the commit (``notify``): a calendar that is down never loses a booking.
Shared by the public pages, the API, the agent desk and the widget.
"""
from __future__ import annotations

import hashlib
import time as _time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from bookingsite.availability import claims
from bookingsite.availability.slots import Slot
from bookingsite.availability.snapshots import busy_for, site_slots
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
from bookingsite.booking.events import announce_change
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
from bookingsite.booking.validation import GRID_MIN, check_request
from bookingsite.config import Settings
from bookingsite.extensions import current_settings, db
from bookingsite.models import AppointmentType, Site
from bookingsite.models.booking import Booking
from bookingsite.models.prequal import Prequal

ATTEMPTS = 8  # write transactions tried before answering "busy" (contention only; a conflict ends sooner)


class _Taken(Exception):
    """Internal: the slot is not free; alternatives are computed once the lock is released."""


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else current_settings()


def slots_for(site: Site, appointment_type: AppointmentType, modality: str | None, start_date, days: int,
              now: datetime, settings: Settings | None = None, exclude_id: int | None = None, refresh: bool = True):
    """The site's free slots (``snapshots.SiteSlots``), counting the bookings made here."""
    settings = _settings(settings)
    zone = ZoneInfo(site.timezone)
    begin = datetime.combine(start_date, datetime.min.time(), zone)
    bookings = claims.active_bookings([a.id for a in site.agendas], begin - timedelta(days=1),
                                      begin + timedelta(days=days + 1), now, exclude_id)
    return site_slots(site, appointment_type, modality, start_date, days, now, settings, bookings=bookings,
                      grid_min=GRID_MIN, refresh=refresh)


def alternatives(site: Site, appointment_type: AppointmentType, modality: str | None, around: datetime,
                 now: datetime, settings: Settings | None = None, limit: int = 6) -> list[Slot]:
    """The next free slots from ``around`` (the earliest ones if none follow it), for a slot just taken."""
    zone = ZoneInfo(site.timezone)
    day = max(around, now).astimezone(zone).date()
    found = slots_for(site, appointment_type, modality, day, 14, now, settings, refresh=False).slots
    later = [s for s in found if s.start >= around]
    if len(later) < limit and day > now.astimezone(zone).date():
        found = slots_for(site, appointment_type, modality, now.astimezone(zone).date(), 14, now, settings,
                          refresh=False).slots
        later = later or found
    return later[:limit]


def _in_write_transaction(site: Site, work: Callable[[], Booking]) -> Booking:
    """Run ``work`` under the write lock and commit; retry on a lost race or a busy database; roll back on refusal."""
    for attempt in range(ATTEMPTS):
        try:
            claims.begin_write(site.id)
            result = work()
            db.session.commit()
            return result
        except IntegrityError:
            db.session.rollback()  # a racing transaction claimed first: look again, it is probably taken now
        except OperationalError as exc:
            db.session.rollback()
            if "locked" not in str(exc).lower() and "deadlock" not in str(exc).lower():
                raise
            _time.sleep(0.05 * (attempt + 1))  # SQLite's busy timeout ran out: back off and try again
        except BaseException:
            db.session.rollback()
            raise
    raise Busy()


def _pick_agenda(site: Site, appointment_type: AppointmentType, start: datetime, modality: str, now: datetime,
                 settings: Settings, exclude_id: int | None = None, prefer: str | None = None):
    """(agenda, unit, cells) free for this slot right now, under the lock; ``_Taken`` when none is."""
    day = start.astimezone(ZoneInfo(site.timezone)).date()
    free = slots_for(site, appointment_type, modality, day, 1, now, settings, exclude_id, refresh=False).slots
    match = next((s for s in free if s.start == start and s.modality == modality), None)
    if match is None:
        raise _Taken()
    wanted = claims.cells(start, start + timedelta(minutes=appointment_type.duration_min),
                          appointment_type.buffer_min or 0)
    agendas = {a.id: a for a in site.agendas}
    order = sorted(match.agenda_ids, key=lambda i: (i != prefer, i))
    for agenda_id in order:
        unit = claims.free_unit(agenda_id, agendas[agenda_id].capacity or 1, wanted)
        if unit is not None:
            return agendas[agenda_id], unit, wanted
    raise _Taken()


def _load(site_id: str, type_id: str) -> tuple[Site, AppointmentType]:
    site = db.session.get(Site, site_id) if site_id else None
    if site is None:
        raise InvalidSlot("unknown_site")
    appointment_type = db.session.get(AppointmentType, type_id) if type_id else None
    if appointment_type is None:
        raise InvalidSlot("wrong_type")
    return site, appointment_type


def _taken(site, appointment_type, modality, start, now, settings) -> SlotTaken:
    return SlotTaken(alternatives(site, appointment_type, modality, start, now, settings))


def hold_slot(site: Site, start: datetime, appointment_type: AppointmentType, modality: str, now: datetime,
              settings: Settings | None = None, prequal_id: str | None = None, channel: str = "web",
              partner_id: str | None = None, agent_id: str | None = None, locale: str = "fr",
              idempotency_key: str | None = None, holder: Holder | None = None) -> Booking:
    """Take the slot for ``BOOKINGSITE_HOLD_MIN`` minutes while the person gives their details (status "held").

    ``idempotency_key`` must be the caller's own (see ``caller_key``): it gives back the hold it made before.
    ``holder`` (the website) caps the holds a session and an address keep at once (``holds.make_room``).
    """
    settings = _settings(settings)
    if idempotency_key:
        existing = db.session.scalar(select(Booking).where(Booking.idempotency_key == idempotency_key))
        if existing is not None and existing.is_active(now):
            return existing  # the same form sent twice
    check_request(site, appointment_type, start, modality, now)
    busy_for(site, now, settings)  # refresh stale feeds before the lock
    prequal = db.session.get(Prequal, prequal_id) if prequal_id else None
    hold_min = settings.hold_min

    def work() -> Booking:
        claims.purge_expired_holds(site.id, now)
        if holder is not None:
            make_room(holder, site.id, now, settings)
        agenda, unit, wanted = _pick_agenda(site, appointment_type, start, modality, now, settings)
        booking = Booking(
            reference=new_reference(), site_id=site.id, agenda_id=agenda.id,
            appointment_type_id=appointment_type.id, modality=modality, start=start.astimezone(UTC),
            end=(start + timedelta(minutes=appointment_type.duration_min)).astimezone(UTC), status="held",
            hold_expires_at=now + timedelta(minutes=hold_min), hold_address=holder.address if holder else None,
            prequal_id=prequal.id if prequal else None,
            channel=channel, partner_id=partner_id, agent_id=agent_id, locale=locale,
            urgent=bool(prequal and prequal.urgent), idempotency_key=idempotency_key, created_at=now, sequence=0,
            caldav_attempts=0, no_show=False)
        claims.claim(booking, unit, wanted)
        db.session.add(booking)
        db.session.flush()
        return booking

    try:
        return _in_write_transaction(site, work)
    except _Taken:
        raise _taken(site, appointment_type, modality, start, now, settings) from None


def confirm_booking(hold: Booking, name: str | None, email: str | None, phone: str | None, consent: bool,
                    now: datetime, settings: Settings | None = None, locale: str | None = None,
                    notify: bool = True) -> Booking:
    """Turn a hold into a confirmed booking with the person's details, checking the feeds once more."""
    from bookingsite.booking.confirm import confirm_hold

    return confirm_hold(hold, name, email, phone, consent, now, _settings(settings), locale, notify)


def caller_key(*parts: str) -> str:
    """An idempotency key scoped to its caller (a partner's key, a flow, an agent's form): a fixed-size digest."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def book(site_id: str, start: datetime, type_id: str, modality: str, name: str | None, email: str | None,
         phone: str | None, prequal_id: str | None, channel: str, partner_id: str | None, agent_id: str | None,
         locale: str, consent: bool, now: datetime, idempotency_key: str | None = None,
         settings: Settings | None = None, notify: bool = True) -> Booking:
    """Hold and confirm in one call (API, agent desk, widget); the same request twice with its key gives one booking.

    Only the caller's own ``idempotency_key`` gives back a booking: the same person and slot booked again without
    it is refused (``DuplicateBooking``), never answered with someone's booking.
    """
    settings = _settings(settings)
    if idempotency_key:
        existing = db.session.scalar(select(Booking).where(Booking.idempotency_key == idempotency_key))
        if existing is not None and existing.status == "confirmed":
            return existing
    site, appointment_type = _load(site_id, type_id)
    contact = validate_contact(name, email, phone, consent, modality, site.region_code)
    hold = hold_slot(site, start, appointment_type, modality, now, settings, prequal_id, channel, partner_id,
                     agent_id, locale, idempotency_key)
    hold_id = hold.id
    try:
        return confirm_booking(hold, contact.name, contact.email, contact.phone, consent, now, settings, locale,
                               notify)
    except BaseException:
        _release_hold(hold_id)  # a refusal or a failure (a database error…) never leaves the time blocked
        raise


def _release_hold(hold_id: int) -> None:
    """Drop the hold if it is still one (its confirmation failed); a failure here never hides the first one."""
    from bookingsite.booking.confirm import drop_hold

    try:
        db.session.rollback()
        hold = db.session.get(Booking, hold_id)
        if hold is not None and hold.status == "held":
            drop_hold(hold)
    except Exception:  # noqa: BLE001 — the hold then expires on its own after BOOKINGSITE_HOLD_MIN
        db.session.rollback()


def cancel_booking(reference: str, now: datetime, by: str | None = None, partner_id: str | None = None,
                   notify: bool = True) -> Booking:
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
        return booking

    result = _in_write_transaction(site, work)
    announce_change(result.id, "cancelled", now, notify)
    return result


def reschedule_booking(reference: str, new_start: datetime, now: datetime, settings: Settings | None = None,
                       modality: str | None = None, partner_id: str | None = None, notify: bool = True) -> Booking:
    """Move a confirmed booking to another free time of the same site (its old time is kept if the new one fails)."""
    from bookingsite.booking.confirm import move_booking

    booking = find_by_reference(reference)
    if booking is None or booking.status == "held" or (partner_id is not None and booking.partner_id != partner_id):
        raise BookingNotFound()
    return move_booking(booking, new_start, now, _settings(settings), modality, notify)
