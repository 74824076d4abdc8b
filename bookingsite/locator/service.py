"""A search, start to end, over a directory snapshot (pure): filters, the nearest sites, the serving operator."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bookingsite.geo.hours import DayHours, OpenState, week_hours
from bookingsite.locator.directory import OperatorEntry, SiteEntry, Snapshot
from bookingsite.locator.nearest import Ranked
from bookingsite.locator.search import Origin
from bookingsite.vocabulary import MODALITIES, NEAR_KM

MAX_KM = 300.0  # farther sites are not "near" (Réunion must not list Mayotte, 1,400 km away)
DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class Filters:
    """What the person asked for: Saturday opening, after 18:00, wheelchair access, a modality."""

    saturday: bool = False
    evening: bool = False
    wheelchair: bool = False
    modality: str | None = None

    @classmethod
    def from_args(cls, args) -> Filters:
        """From a query string (unknown modalities are ignored, not refused)."""
        modality = args.get("modality") or None
        return cls(bool(args.get("saturday")), bool(args.get("evening")), bool(args.get("wheelchair")),
                   modality if modality in MODALITIES else None)

    def as_args(self) -> dict[str, str]:
        """The active filters as query-string arguments (to keep them in links)."""
        args = {k: "1" for k in ("saturday", "evening", "wheelchair") if getattr(self, k)}
        return {**args, "modality": self.modality} if self.modality else args

    @property
    def active(self) -> bool:
        """Whether any filter narrows the search."""
        return self.saturday or self.evening or self.wheelchair or self.modality is not None

    def keep(self, site: SiteEntry) -> bool:
        """Whether a site passes every filter."""
        return ((not self.saturday or site.features.saturday) and (not self.evening or site.features.evening)
                and (not self.wheelchair or site.wheelchair)
                and (self.modality is None or self.modality in site.modalities))


@dataclass(frozen=True)
class Found:
    """One listed site: distance and whether it is open now."""

    site: SiteEntry
    distance_km: float
    state: OpenState

    @property
    def within_30km(self) -> bool:
        """Close enough to go in person."""
        return self.distance_km <= NEAR_KM


@dataclass(frozen=True)
class SearchResult:
    """The answer to a search: the origin, its regional operator, the nearest sites."""

    origin: Origin
    operator: OperatorEntry | None
    sites: tuple[Found, ...]

    @property
    def any_within_30km(self) -> bool:
        """False puts phone and video forward."""
        return any(f.within_30km for f in self.sites)


def search_sites(snapshot: Snapshot, origin: Origin, now: datetime, filters: Filters = Filters(),
                 limit: int = DEFAULT_LIMIT, max_km: float = MAX_KM) -> SearchResult:
    """The nearest sites to ``origin`` passing ``filters`` (ascending geodesic distance) and its operator."""
    keep = filters.keep if filters.active else None
    ranked: list[Ranked] = snapshot.nearest(origin.lat, origin.lon, limit, keep=keep, keep_key=filters,
                                            max_km=max_km)
    found = tuple(Found(r.site, r.distance_km, snapshot.state(r.site, now)) for r in ranked)
    return SearchResult(origin, snapshot.operator_for(origin.region), found)


def site_week(site: SiteEntry, start: date) -> list[DayHours]:
    """The 7 days from ``start``: open intervals, public holidays and closures explained."""
    return week_hours(site.opening_hours, site.department, list(site.closures), start)


def local_today(site: SiteEntry, now: datetime) -> date:
    """Today in the site's time zone."""
    return now.astimezone(ZoneInfo(site.timezone)).date()
