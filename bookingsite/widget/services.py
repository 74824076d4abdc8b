"""What the embedded flow asks of the other features (locator, availability, booking), in one place."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bookingsite.availability.slots import Slot
from bookingsite.booking import catalogue
from bookingsite.booking import service as booking_service
from bookingsite.booking.offer import NearbyRegion, OfferedSite, slot_window
from bookingsite.config import Settings
from bookingsite.models.booking import Booking
from bookingsite.models.directory import AppointmentType, Site
from bookingsite.vocabulary import WIDGET

SLOT_DAYS = 14


def sites_near(session: Session, place: dict, chosen_region: str | None = None) -> tuple[OfferedSite, ...]:
    """The sites the offer gives a person of this place (the operator serving its region first)."""
    return catalogue.sites_for(session, place["region"], place["insee"], chosen_region)


def other_regions_near(session: Session, place: dict, chosen_region: str | None = None) -> list[NearbyRegion]:
    """The other regions with sites near this place, that the person may choose (the one chosen already left out)."""
    return [o for o in catalogue.other_regions_near(session, place["region"], place["insee"])
            if o.region != chosen_region]


def appointment_type_for(session: Session, wanted: str | None, site: Site) -> AppointmentType | None:
    """The type the questionnaire recommends when this site offers it, else the first type it offers."""
    return catalogue.type_for_site(session, site, wanted)


def free_slots(site: Site, appointment_type: AppointmentType, modality: str, now: datetime, settings: Settings,
               days: int = SLOT_DAYS) -> list[Slot]:
    """Free slots of the site in the offer's window of ``days`` local days from today, counting bookings made here."""
    window = slot_window(now, site.timezone, appointment_type.horizon_days, days=days)
    return booking_service.slots_for(site, appointment_type, modality, window.first, window.days, now,
                                     settings).slots


def book(state, contact: dict, now: datetime, settings: Settings) -> Booking:
    """Book the flow's slot for the person, on the widget channel for the partner (the flow id makes it once)."""
    return booking_service.book(booking_service.BookingRequest(
        site_id=state.site, start=datetime.fromisoformat(state.slot["start"]), type_id=state.slot["type"],
        modality=state.slot["modality"], name=contact["name"], email=contact["email"], phone=contact["phone"],
        consent=contact["consent"], channel=WIDGET, locale=state.lang, prequal_id=state.prequal,
        partner_id=state.partner, idempotency_key=f"widget:{state.flow}:{state.slot['start']}"), now, settings)


def booking_by_reference(reference: str) -> Booking | None:
    """The booking with this reference, if any."""
    return booking_service.find_by_reference(reference)
