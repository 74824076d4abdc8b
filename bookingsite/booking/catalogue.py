"""The directory rows the offer needs, read from the database and handed to the pure ``offer`` module.

Every channel (public pages, agent desk, widget, API) goes through these functions, so each reads the same rows in
the same order before ``offer`` decides.
"""
from __future__ import annotations

import math

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bookingsite.booking.offer import (
    Candidate,
    NearbyRegion,
    OfferedSite,
    Origin,
    appointment_type_for,
    bookable_sites,
    nearby_other_regions,
)
from bookingsite.geo import reference
from bookingsite.models import AppointmentType, Operator, Site
from bookingsite.vocabulary import NEAR_KM


def appointment_types(session: Session) -> list[AppointmentType]:
    """Every appointment type, in the directory's order (position, then id)."""
    return list(session.scalars(select(AppointmentType).order_by(AppointmentType.position, AppointmentType.id)))


def type_for_site(session: Session, site: Site, wanted: str | None) -> AppointmentType | None:
    """The type ``offer.appointment_type_for`` chooses for this site."""
    return appointment_type_for(appointment_types(session), wanted, site.modalities or [])


def serving_operator(session: Session, region: str | None) -> Operator | None:
    """The operator serving a region (the first by id if the directory lists several)."""
    if not region:
        return None
    return session.scalar(select(Operator).where(Operator.region_code == region).order_by(Operator.id).limit(1))


def origin_of(region: str | None, insee: str | None) -> Origin:
    """The person's region and, when the commune is known, its centre."""
    commune = reference().commune(insee) if insee else None
    if commune is None:
        return Origin(region)
    return Origin(region or commune.region, commune.lat, commune.lon)


def _around(origin: Origin) -> tuple:
    """A box a little wider than the "near" distance around the person, so that only sites near are read."""
    lat_margin = NEAR_KM / 100  # a degree of latitude is ~111 km
    lon_margin = lat_margin / max(math.cos(math.radians(origin.lat)), 0.1)
    return (Site.lat.between(origin.lat - lat_margin, origin.lat + lat_margin),
            Site.lon.between(origin.lon - lon_margin, origin.lon + lon_margin))


def _candidates(session: Session, regions: set[str], where: tuple = ()) -> list[Candidate]:
    rows = session.scalars(select(Site).join(Operator).where(Operator.region_code.in_(regions), *where)
                           .options(selectinload(Site.agendas), selectinload(Site.operator)).order_by(Site.id))
    return [Candidate(s, s.operator_id, s.operator.name, s.operator.region_code, bool(s.agendas)) for s in rows]


def sites_for(session: Session, region: str | None, insee: str | None,
              chosen_region: str | None = None) -> tuple[OfferedSite, ...]:
    """The sites that may book a person of this region and commune (``offer.bookable_sites``)."""
    origin = origin_of(region, insee)
    regions = {r for r in (origin.region, chosen_region) if r}
    if not regions:
        return ()
    return bookable_sites(_candidates(session, regions), origin, chosen_region)


def other_regions_near(session: Session, region: str | None, insee: str | None) -> tuple[NearbyRegion, ...]:
    """The other regions whose sites are near a person of this region and commune (``offer.nearby_other_regions``)."""
    origin = origin_of(region, insee)
    if origin.lat is None:
        return ()
    regions = reference().regions
    others = set(regions) - {origin.region}
    names = {code: found.name for code, found in regions.items()}
    return nearby_other_regions(_candidates(session, others, _around(origin)), origin, names)


def known_region(text: str | None) -> str | None:
    """A region code the person chose, when it is one (anything else is ignored, not refused)."""
    code = (text or "").strip()[:4]
    return code if code in reference().regions else None
