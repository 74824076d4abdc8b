"""What every channel offers a person (pure): the sites that may book them, the appointment type, the slot window.

The public pages, the agent desk, the widget and the API all call these functions, so that a person gets the same
operator, the same sites in the same order, the same type and the same first slots whichever way they come.

One rule for the sites: the operator serving the person's region comes first; another region's sites are offered
only when the person chooses that region, and each of them is labelled with its operator. A site takes bookings
when it has at least one agenda.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bookingsite.locator.nearest import nearest_sites
from bookingsite.vocabulary import NEAR_KM

NEAR_SITES = 5  # sites offered per region, nearest first
SHOWN_DAYS = 7  # one week of slots per page; "later" pages through the horizon


@dataclass(frozen=True)
class Candidate:
    """A site as the offer sees it: the row itself (passed through to the pages), its operator and whether it books.

    ``region`` is the region its operator serves (not the commune's: a site across a border belongs to its operator).
    """

    site: Any
    operator_id: str
    operator_name: str
    region: str
    bookable: bool

    @property
    def id(self) -> str:
        """The site's id (the nearest-site index and its ties use it)."""
        return self.site.id

    @property
    def lat(self) -> float:
        """Latitude of the site."""
        return self.site.lat

    @property
    def lon(self) -> float:
        """Longitude of the site."""
        return self.site.lon


@dataclass(frozen=True)
class OfferedSite:
    """One site offered: the row, its distance (None when the person's commune is unknown), its operator.

    ``other_region`` marks a site of a region the person chose: pages name its operator next to it.
    """

    site: Any
    distance_km: float | None
    operator_id: str
    operator_name: str
    other_region: bool = False


@dataclass(frozen=True)
class Origin:
    """Where the person is, as far as the offer needs: the region, and the commune centre when known."""

    region: str | None
    lat: float | None = None
    lon: float | None = None


def bookable_sites(candidates: Sequence[Candidate], origin: Origin, chosen_region: str | None = None,
                   limit: int = NEAR_SITES) -> tuple[OfferedSite, ...]:
    """The home operator's bookable sites nearest first, then (when chosen) another region's, labelled."""
    home = _ranked(candidates, origin, origin.region, limit, other=False)
    if not chosen_region or chosen_region == origin.region:
        return home
    return home + _ranked(candidates, origin, chosen_region, limit, other=True)


def _ranked(candidates: Sequence[Candidate], origin: Origin, region: str | None, limit: int,
            other: bool) -> tuple[OfferedSite, ...]:
    kept = [c for c in candidates if c.bookable and region and c.region == region]
    if origin.lat is None or origin.lon is None:
        # No commune to measure from (an old questionnaire): a stable order rather than none.
        ranked = [(c, None) for c in sorted(kept, key=lambda c: c.id)[:limit]]
    else:
        ranked = [(r.site, r.distance_km) for r in nearest_sites(origin.lat, origin.lon, kept, limit)] if kept else []
    return tuple(OfferedSite(c.site, km, c.operator_id, c.operator_name, other) for c, km in ranked)


@dataclass(frozen=True)
class NearbyRegion:
    """Another region whose bookable sites lie near the person: its code and name, its operators, the nearest km."""

    region: str
    name: str
    operator_ids: tuple[str, ...]
    operator_names: tuple[str, ...]
    distance_km: float


def nearby_other_regions(candidates: Sequence[Candidate], origin: Origin, region_names: Mapping[str, str],
                         within_km: float = NEAR_KM) -> tuple[NearbyRegion, ...]:
    """The other regions with a bookable site within ``within_km`` of the person, nearest first: the choice to offer."""
    kept = [c for c in candidates if c.bookable and c.region != origin.region]
    if origin.lat is None or origin.lon is None or not kept:
        return ()  # without a commune there is no distance, and so no "nearby"
    found: dict[str, tuple[float, dict[str, str]]] = {}
    for ranked in nearest_sites(origin.lat, origin.lon, kept, len(kept), max_km=within_km):
        _, operators = found.setdefault(ranked.site.region, (ranked.distance_km, {}))
        operators.setdefault(ranked.site.operator_id, ranked.site.operator_name)
    return tuple(NearbyRegion(region, region_names.get(region, region), tuple(operators), tuple(operators.values()),
                              km) for region, (km, operators) in found.items())


def appointment_type_for(types: Sequence[Any], wanted: str | None, site_modalities: Sequence[str]) -> Any | None:
    """The type wanted (the questionnaire's outcome) when the site offers it, else the first type the site offers.

    ``types`` come in the directory's order (position, then id); a site offers a type when they share a modality.
    """
    offered = [t for t in types if set(t.modalities or ()) & set(site_modalities or ())]
    return next((t for t in offered if t.id == wanted), offered[0] if offered else None)


@dataclass(frozen=True)
class SlotWindow:
    """The days of slots to show: from ``first`` for ``days`` days, never past ``last`` (the type's horizon)."""

    today: date
    first: date
    last: date
    days: int

    @property
    def previous(self) -> date | None:
        """The first day of the page before, when this one does not start today."""
        return self.first - timedelta(days=self.days) if self.first > self.today else None

    @property
    def following(self) -> date | None:
        """The first day of the page after, when it is within the horizon."""
        after = self.first + timedelta(days=self.days)
        return after if after <= self.last else None


def slot_window(now: datetime, timezone: str, horizon_days: int, asked: str | None = None,
                days: int = SHOWN_DAYS) -> SlotWindow:
    """The window starting on the day asked (YYYY-MM-DD, clamped to today..horizon), today when unreadable."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    last = today + timedelta(days=max(horizon_days - 1, 0))
    try:
        first = date.fromisoformat(asked) if asked else today
    except ValueError:
        first = today
    return SlotWindow(today, min(max(first, today), last), last, days)


def modality_for(site_modalities: Sequence[str], type_modalities: Sequence[str], wanted: str | None) -> str | None:
    """The modality wanted when both the site and the type offer it; None (any of them) otherwise."""
    offered = set(site_modalities or ()) & set(type_modalities or ())
    return wanted if wanted in offered else None
