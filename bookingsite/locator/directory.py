"""The directory as the locator reads it: a per-process snapshot of operators and sites, with its spatial index.

Why a snapshot: every search reads the whole directory (2,000 sites at most), which changes a few times a year.
Loading it once per process and answering from memory keeps searches free of queries. It is rebuilt when this
process changes a site or an operator (SQLAlchemy flush events bump ``DIRECTORY``) and, for changes made by
other processes (a ``flask directory import`` next to gunicorn), at most ``MAX_AGE_S`` seconds later.
"""
from __future__ import annotations

import itertools
import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from bookingsite.geo import reference
from bookingsite.geo.hours import OpenState, WeekFeatures, open_state, week_features
from bookingsite.locator.nearest import SiteIndex
from bookingsite.models import Operator, Site
from bookingsite.models.generation import Generation

MAX_AGE_S = 60.0
NEAREST_MEMO = 20_000  # origins x filters remembered per snapshot
DIRECTORY = Generation("locator.directory")  # bumped whenever a flush here touches the directory, and at its end
_SERIALS = itertools.count(1)


@dataclass(frozen=True, slots=True)
class OperatorEntry:
    id: str
    name: str
    region: str
    phone: str | None
    website: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class SiteEntry:
    """A site, detached from the database, with what the locator derives from its commune."""

    id: str
    name: str
    operator_id: str
    region: str
    department: str
    timezone: str
    address: str
    postcode: str
    insee: str
    city: str
    lat: float
    lon: float
    opening_hours: str
    modalities: tuple[str, ...]
    wheelchair: bool
    phone: str | None
    email: str | None
    access: str | None
    closures: tuple[dict, ...]
    features: WeekFeatures


@dataclass
class Snapshot:
    """Every operator and site, indexed; open states memoised until they change."""

    sites: tuple[SiteEntry, ...]
    operators: dict[str, OperatorEntry]
    serial: int = field(default_factory=lambda: next(_SERIALS))  # tells snapshots apart in the page cache's keys
    by_id: dict[str, SiteEntry] = field(init=False)
    by_region: dict[str, OperatorEntry] = field(init=False)
    index: SiteIndex = field(init=False)
    _states: dict[str, tuple[datetime, OpenState]] = field(default_factory=dict, repr=False)
    _nearest: dict[tuple, list] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self.by_id = {s.id: s for s in self.sites}
        self.by_region = {}
        for operator in sorted(self.operators.values(), key=lambda o: o.id):
            self.by_region.setdefault(operator.region, operator)
        self.index = SiteIndex(self.sites)

    def operator_for(self, region: str | None) -> OperatorEntry | None:
        """The operator that serves a region (the first by id if a file lists several)."""
        return self.by_region.get(region or "")

    def nearest(self, lat: float, lon: float, limit: int, keep=None, keep_key=None, max_km=None) -> list:
        """``index.nearest``, remembered per origin: postal-code searches start from the same commune centres."""
        key = (lat, lon, limit, keep_key, max_km)
        found = self._nearest.get(key) if keep is None or keep_key is not None else None
        if found is None:
            found = self.index.nearest(lat, lon, limit, keep=keep, max_km=max_km)
            if keep is None or keep_key is not None:
                if len(self._nearest) >= NEAREST_MEMO:
                    self._nearest.clear()  # crude but bounded; a new snapshot starts empty anyway
                self._nearest[key] = found
        return found

    def state(self, site: SiteEntry, now: datetime) -> OpenState:
        """Open now and the next change; an answer holds until that change, so it is kept until then."""
        cached = self._states.get(site.id)
        if cached and cached[0] <= now:
            since, held = cached
            # Closed for the whole look-ahead: ask again within the hour rather than never.
            if now < (held.next_change or since + timedelta(hours=1)):
                return held
        state = open_state(site.opening_hours, site.timezone, site.department, list(site.closures), now)
        self._states[site.id] = (now, state)
        return state


def build_snapshot(operators: list[Operator], sites: list[Site], today: date) -> Snapshot:
    """Detach rows into a snapshot; ``today`` anchors the typical week of the badges."""
    ref = reference()
    ops = {o.id: OperatorEntry(o.id, o.name, o.region_code, o.phone, o.website, o.email) for o in operators}
    entries = []
    for s in sorted(sites, key=lambda s: s.id):
        commune = ref.commune(s.insee)
        region = commune.region if commune else ops[s.operator_id].region if s.operator_id in ops else ""
        zone = ref.regions[region].timezone if region in ref.regions else "Europe/Paris"
        entries.append(SiteEntry(
            s.id, s.name, s.operator_id, region, commune.department if commune else "", zone, s.address,
            s.postcode, s.insee, s.city, s.lat, s.lon, s.opening_hours, tuple(s.modalities or ()),
            bool(s.wheelchair), s.phone, s.email, s.access, tuple(s.closures or ()),
            week_features(s.opening_hours, today)))
    return Snapshot(tuple(entries), ops)


def current_snapshot(app, session: Session, now: datetime) -> Snapshot:
    """This app's snapshot, rebuilt when the directory changed here or it is older than ``MAX_AGE_S``."""
    held = app.extensions.get("locator.snapshot")
    tick = _time.monotonic()
    if held and held[0] == DIRECTORY.value and tick - held[1] < MAX_AGE_S:
        return held[2]
    generation = DIRECTORY.value
    operators = list(session.scalars(select(Operator)))
    sites = list(session.scalars(select(Site)))
    snapshot = build_snapshot(operators, sites, now.astimezone(ZoneInfo("Europe/Paris")).date())
    app.extensions["locator.snapshot"] = (generation, tick, snapshot)
    return snapshot


@event.listens_for(Session, "after_flush")
def _directory_flushed(session: Session, _context) -> None:
    """A flush that touches operators or sites makes every snapshot of this process stale (now and at commit)."""
    touched = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(row, (Operator, Site)) for row in touched):
        DIRECTORY.bump()
        DIRECTORY.touched(session)
