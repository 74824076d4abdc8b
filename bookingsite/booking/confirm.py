"""Confirming a hold and moving a booking: the two changes that check a held time against fresh feeds."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bookingsite.availability import claims
from bookingsite.availability.snapshots import busy_for
from bookingsite.booking.contact import NO_PHONE, Contact, check_reachable, same_person, validate_contact
from bookingsite.booking.errors import DuplicateBooking, HoldExpired, NotChangeable, SameSlot
from bookingsite.booking.events import Reach, announce_change, record_change
from bookingsite.booking.transactions import Taken, in_write_transaction, pick_agenda, taken
from bookingsite.booking.validation import check_request
from bookingsite.config import Settings
from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from bookingsite.prequal.service import record_booked_here
from bookingsite.vocabulary import PRIVACY_NOTICE_VERSION


def drop_hold(hold: Booking) -> None:
    """Give an expired or lost hold's time back for good."""
    claims.begin_write(hold.site_id)
    claims.release(hold)
    db.session.delete(hold)
    db.session.commit()


def _refuse_duplicate(hold: Booking, contact: Contact) -> None:
    """``DuplicateBooking`` when these very details already have this site, time and type (a second booking)."""
    others = db.session.scalars(select(Booking).where(
        Booking.site_id == hold.site_id, Booking.start == hold.start,
        Booking.appointment_type_id == hold.appointment_type_id, Booking.status == "confirmed",
        Booking.id != hold.id)).all()
    if any(same_person(contact, o.name, o.email, o.phone) for o in others):
        raise DuplicateBooking()


def confirm_hold(hold: Booking | None, name, email, phone, consent: bool, now: datetime, settings: Settings,
                 locale: str | None, reach: Reach) -> Booking:
    """See ``service.confirm_booking``."""
    if hold is None:
        raise HoldExpired()
    if hold.status == "confirmed":
        return hold  # the confirm form sent twice
    if hold.status != "held":
        raise NotChangeable()
    site, appointment_type = hold.site, hold.appointment_type
    if hold.hold_expires_at <= now:  # first: the page then offers other times, keeping what was typed
        drop_hold(hold)
        raise HoldExpired()
    contact = validate_contact(name, email, phone, consent, hold.modality, site.region_code)
    busy_for(site, now, settings)  # the operator may have filled this time since: read fresh feeds first
    hold_id, start = hold.id, hold.start

    def work() -> Booking:
        booking = db.session.get(Booking, hold_id, populate_existing=True)
        if booking is None:
            raise HoldExpired()  # purged meanwhile by someone else's booking
        if booking.status == "confirmed":
            return booking
        _refuse_duplicate(booking, contact)
        # Release, then claim again: the hold's own cells must not hide its time from itself. If the feed has
        # filled this advisor's time since, another free advisor of the site takes the booking.
        claims.release(booking)
        agenda, unit, wanted = pick_agenda(site, appointment_type, start, booking.modality, now, settings,
                                            exclude_id=booking.id, prefer=booking.agenda_id)
        booking.agenda_id = agenda.id
        claims.claim(booking, unit, wanted)
        booking.name, booking.email, booking.phone = contact.name, contact.email, contact.phone
        booking.status, booking.confirmed_at, booking.hold_expires_at = "confirmed", now, None
        booking.hold_address = None  # only holds are capped per address: a booking keeps no trace of it
        booking.consent_version, booking.locale = PRIVACY_NOTICE_VERSION, locale or booking.locale
        booking.caldav_status = "pending" if agenda.caldav_url else None
        record_booked_here(booking.prequal_id, now)
        record_change(booking.id, "confirmed", now, reach)
        return booking

    try:
        booking = in_write_transaction(site, work)
    except Taken:
        drop_hold(db.session.get(Booking, hold_id))
        raise taken(site, appointment_type, hold.modality, start, now, settings) from None
    announce_change(booking.id, "confirmed", now, reach)
    return booking


def move_booking(booking: Booking, new_start: datetime, now: datetime, settings: Settings, modality: str | None,
                 reach: Reach) -> Booking:
    """See ``service.reschedule_booking``."""
    if booking.status != "confirmed" or booking.start <= now:
        raise NotChangeable()
    site, appointment_type = booking.site, booking.appointment_type
    modality = modality or booking.modality
    if new_start == booking.start and modality == booking.modality:
        raise SameSlot()
    check_reachable(modality, booking.phone, NO_PHONE)  # e.g. an e-mail-only booking cannot become a phone appointment
    check_request(site, appointment_type, new_start, modality, now)
    busy_for(site, now, settings)
    booking_id = booking.id

    def work() -> Booking:
        row = db.session.get(Booking, booking_id, populate_existing=True)
        if row.status != "confirmed":
            raise NotChangeable()
        claims.release(row)  # first, so that a move by a quarter of an hour may overlap its own old time
        agenda, unit, wanted = pick_agenda(site, appointment_type, new_start, modality, now, settings,
                                            exclude_id=row.id, prefer=row.agenda_id)
        old_href = row.caldav_href
        row.agenda_id = agenda.id
        claims.claim(row, unit, wanted)
        row.start = new_start.astimezone(UTC)
        row.end = (new_start + timedelta(minutes=appointment_type.duration_min)).astimezone(UTC)
        row.modality, row.sequence, row.reminder_sent_at = modality, row.sequence + 1, None
        row.caldav_status = "pending" if (agenda.caldav_url or old_href) else None
        record_change(row.id, "rescheduled", now, reach)
        return row

    try:
        moved = in_write_transaction(site, work)
    except Taken:
        raise taken(site, appointment_type, modality, new_start, now, settings) from None
    announce_change(moved.id, "rescheduled", now, reach)
    return moved
