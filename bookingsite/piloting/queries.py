"""Database adapter of the dashboard: plain rows for the pure aggregations, filtered by period and region."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookingsite.geo import reference
from bookingsite.models import Agenda, Operator, Partner, Site
from bookingsite.models.booking import Booking
from bookingsite.models.feeds import FeedSnapshot
from bookingsite.models.piloting import SlotOffer
from bookingsite.models.prequal import Prequal
from bookingsite.piloting.coverage import CoverageSite
from bookingsite.piloting.stats import BookingRow, OfferRow, PrequalRow


@dataclass(frozen=True)
class Filters:
    """Requests made in [start, end) (UTC instants), in one region or all (None)."""

    start: datetime
    end: datetime
    region: str | None


def prequal_rows(session: Session, f: Filters) -> list[PrequalRow]:
    """Pre-qualifications started in the period (and region)."""
    query = select(Prequal.created_at, Prequal.completed_at, Prequal.scope, Prequal.networks, Prequal.channel,
                   Prequal.region_code, Prequal.answers, Prequal.chosen).where(Prequal.created_at >= f.start,
                                                                               Prequal.created_at < f.end)
    if f.region:
        query = query.where(Prequal.region_code == f.region)
    return [PrequalRow(r.created_at, r.completed_at, r.scope, tuple(r.networks or ()), r.channel, r.region_code,
                       (r.answers or {}).get("heard_from"), r.chosen)
            for r in session.execute(query)]


def booking_rows(session: Session, f: Filters) -> list[BookingRow]:
    """Bookings requested in the period (and region: the region of the site's operator); no personal data read."""
    query = (select(Booking.created_at, Booking.start, Booking.confirmed_at, Booking.status, Booking.no_show,
                    Operator.region_code, Site.operator_id, Booking.site_id, Booking.channel, Booking.partner_id,
                    Prequal.needs, Booking.modality)
             .join(Site, Site.id == Booking.site_id).join(Operator, Operator.id == Site.operator_id)
             .outerjoin(Prequal, Prequal.id == Booking.prequal_id)
             .where(Booking.created_at >= f.start, Booking.created_at < f.end))
    if f.region:
        query = query.where(Operator.region_code == f.region)
    return [BookingRow(r[0], r[1], r[2] is not None, r[3] == "cancelled", bool(r[4]), r[5], r[6], r[7], r[8],
                       r[9], tuple(r[10] or ()), r[11]) for r in session.execute(query)]


def offer_rows(session: Session, f: Filters) -> list[OfferRow]:
    """Slot lists shown in the period (and region)."""
    query = (select(SlotOffer.site_id, SlotOffer.delay_minutes)
             .join(Site, Site.id == SlotOffer.site_id).join(Operator, Operator.id == Site.operator_id)
             .where(SlotOffer.offered_at >= f.start, SlotOffer.offered_at < f.end))
    if f.region:
        query = query.where(Operator.region_code == f.region)
    return [OfferRow(r.site_id, r.delay_minutes) for r in session.execute(query)]


def feed_statuses(session: Session, region: str | None) -> list[str]:
    """The current status of every agenda's feed (agendas never read count as pending)."""
    query = (select(FeedSnapshot.status).select_from(Agenda)
             .outerjoin(FeedSnapshot, FeedSnapshot.agenda_id == Agenda.id)
             .join(Site, Site.id == Agenda.site_id).join(Operator, Operator.id == Site.operator_id))
    if region:
        query = query.where(Operator.region_code == region)
    return [status or "pending" for status in session.scalars(query)]


def coverage_sites(session: Session) -> list[CoverageSite]:
    """Every directory site, as coverage reads it."""
    ref = reference()
    rows = session.execute(select(Site.id, Site.lat, Site.lon, Site.insee, Site.modalities))
    sites = []
    for r in rows:
        commune = ref.commune(r.insee)
        if commune is not None:
            sites.append(CoverageSite(r.id, r.lat, r.lon, commune.region, tuple(r.modalities or ())))
    return sites


def names(session: Session) -> dict[str, dict[str, str]]:
    """Display names of sites, operators and partners by id (organisations only, never people)."""
    return {
        "sites": dict(session.execute(select(Site.id, Site.name)).all()),
        "operators": dict(session.execute(select(Operator.id, Operator.name)).all()),
        "partners": dict(session.execute(select(Partner.id, Partner.name)).all()),
    }


def record_slot_offer(session: Session, site_id: str, now: datetime, first_slot: datetime | None,
                      channel: str = "web") -> SlotOffer:
    """Note that a slot list was shown for a site and when its first free slot was (booking views call this)."""
    delay = None if first_slot is None else max(0, int((first_slot - now) / timedelta(minutes=1)))
    offer = SlotOffer(site_id=site_id, offered_at=now, first_slot_at=first_slot, delay_minutes=delay,
                      channel=channel)
    session.add(offer)
    session.commit()
    return offer
