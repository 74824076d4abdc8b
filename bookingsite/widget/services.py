"""What the embedded flow asks of the other features (locator, availability, booking), in one place."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookingsite.availability.slots import Slot
from bookingsite.booking import service as booking_service
from bookingsite.config import Settings
from bookingsite.geo import reference
from bookingsite.locator.nearest import Ranked, nearest_sites
from bookingsite.models.booking import Booking
from bookingsite.models.directory import AppointmentType, Operator, Site
from bookingsite.vocabulary import WIDGET

SITES_SHOWN = 5
SLOT_DAYS = 14


def sites_near(session: Session, place: dict, limit: int = SITES_SHOWN) -> list[Ranked]:
    """The nearest sites of the operator serving the place's region (the one that can book the person)."""
    commune = reference().commune(place["insee"])
    if commune is None:
        return []
    sites = list(session.scalars(select(Site).join(Operator).where(Operator.region_code == place["region"])))
    return nearest_sites(commune.lat, commune.lon, sites, limit) if sites else []


def appointment_type_for(session: Session, wanted: str | None, site: Site) -> AppointmentType | None:
    """The type the questionnaire recommends when this site offers it, else the first type it offers."""
    types = list(session.scalars(select(AppointmentType).order_by(AppointmentType.position, AppointmentType.id)))
    offered = [t for t in types if set(t.modalities or []) & set(site.modalities or [])]
    return next((t for t in offered if t.id == wanted), offered[0] if offered else None)


def free_slots(site: Site, appointment_type: AppointmentType, modality: str, now: datetime, settings: Settings,
               days: int = SLOT_DAYS) -> list[Slot]:
    """Free slots of the site for ``days`` local days from today, counting the bookings made here."""
    today = now.astimezone(ZoneInfo(site.timezone)).date()
    return booking_service.slots_for(site, appointment_type, modality, today, days, now, settings).slots


def book(state, contact: dict, now: datetime, settings: Settings) -> Booking:
    """Book the flow's slot for the person, on the widget channel for the partner (the flow id makes it once)."""
    return booking_service.book(
        state.site, datetime.fromisoformat(state.slot["start"]), state.slot["type"], state.slot["modality"],
        contact["name"], contact["email"], contact["phone"], state.prequal, channel=WIDGET,
        partner_id=state.partner, agent_id=None, locale=state.lang, consent=contact["consent"], now=now,
        idempotency_key=f"widget:{state.flow}:{state.slot['start']}", settings=settings)


def booking_by_reference(reference: str) -> Booking | None:
    """The booking with this reference, if any."""
    return booking_service.find_by_reference(reference)
