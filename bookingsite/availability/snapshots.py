"""Feed snapshots as a service: read them with their freshness (refreshing through ``refresh``), compute a
site's slots. A failed fetch keeps the last good intervals serving, marked stale, until they are older than
``BOOKINGSITE_FEED_MAX_AGE_H``: then the agenda offers no online slots.
"""
from __future__ import annotations

import bisect
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from bookingsite.availability import claims, slot_cache
from bookingsite.availability import slots as engine
from bookingsite.availability.feed_health import as_utc as _utc
from bookingsite.availability.feed_health import feed_limits, freshness
from bookingsite.availability.feeds import (
    intervals_from_json,
)
from bookingsite.availability.refresh import refresh_agenda
from bookingsite.availability.slots import Slot, free_slots
from bookingsite.config import Settings
from bookingsite.core.queue import enqueue
from bookingsite.extensions import db
from bookingsite.geo.hours import open_intervals
from bookingsite.models import Agenda, AppointmentType, Site
from bookingsite.models.feeds import FeedSnapshot


@dataclass(frozen=True)
class AgendaFeed:
    """What the slot engine may use of one agenda: its intervals (POSIX seconds) and how far to trust them."""

    agenda_id: str
    freshness: str  # fresh | stale | expired | missing | none (no feed: bookings made here only)
    fetched_at: datetime | None
    intervals: list[tuple[int, int]] = field(default_factory=list)
    covers_until: datetime | None = None

    @property
    def usable(self) -> bool:
        """Whether online slots may be offered from this agenda."""
        return self.freshness in ("fresh", "stale", "none")

    @property
    def fresh(self) -> bool:
        """Fresh for the API: read successfully within the TTL."""
        return self.freshness in ("fresh", "none")


@dataclass(frozen=True)
class SiteSlots:
    """The answer of ``GET /api/v1/sites/ID/slots``, before serialisation."""

    site_id: str
    timezone: str
    type_id: str
    feeds: list[AgendaFeed]
    slots: list[Slot]
    computed: slot_cache.Computed | None = field(default=None, repr=False, compare=False)
    holds_expire: datetime | None = field(default=None, compare=False)  # the first hold counted: its time comes back
    # (minimum notice, booking horizon) in seconds, end of the asked days (POSIX): which slots a moment may show
    bounds: tuple[int, int, int] | None = field(default=None, compare=False)

    def at(self, now: datetime) -> SiteSlots:
        """The same answer at a later ``now``: only the computed slots that moment allows (notice, horizon)."""
        if self.computed is None or self.bounds is None:
            return self
        notice, span, day_end = self.bounds
        moment = int(now.timestamp())
        return replace(self, slots=self.computed.within(moment + notice, min(day_end, moment + span)))

    @property
    def call_instead(self) -> bool:
        """True when no agenda can offer online slots: the page says to call the site."""
        return not any(f.usable for f in self.feeds)

    def to_api(self) -> dict:
        """The JSON body of the API v1 slots call; times ISO 8601 with the site's offset."""
        return {**self._api_head(), "slots": [_api_slot(s) for s in self.slots]}

    def to_api_json(self) -> str:
        """``to_api`` as JSON text; each slot serialised once per computation, not per request."""
        if self.computed is None or not self.slots:
            rows = [json.dumps(_api_slot(s)) for s in self.slots]
        else:
            if self.computed.rows is None:
                self.computed.rows = [json.dumps(_api_slot(s)) for s in self.computed.slots]
            first = bisect.bisect_left(self.computed.starts, int(self.slots[0].start.timestamp()))
            rows = self.computed.rows[first:first + len(self.slots)]
        head = json.dumps(self._api_head())
        return f'{head[:-1]}, "slots": [{", ".join(rows)}]}}'

    def _api_head(self) -> dict:
        zone = ZoneInfo(self.timezone)
        return {"site_id": self.site_id, "timezone": self.timezone, "type": self.type_id,
                "feeds": [{"agenda_id": f.agenda_id, "fresh": f.fresh,
                           "fetched_at": f.fetched_at.astimezone(zone).isoformat() if f.fetched_at else None}
                          for f in self.feeds]}


def _api_slot(slot: Slot) -> dict:
    return {"start": slot.start.isoformat(), "end": slot.end.isoformat(), "modality": slot.modality}


def busy_for(site: Site, now: datetime, settings: Settings, refresh: bool = True,
             in_background: bool = False) -> list[AgendaFeed]:
    """Each agenda's intervals and freshness; snapshots older than the TTL are refreshed first when ``refresh``.

    ``in_background`` (pages and the API): a stale snapshot is served as it is, with its age, and its refresh is
    handed to the task queue, so that no request waits for a feed server. A booking's own checks refresh inline,
    under the fetch's deadline.
    """
    now = _utc(now)
    ttl, max_age = feed_limits(settings)
    result = []
    # One query for every agenda's snapshot: a site with 100 agendas made 100 queries per slots call.
    held = {s.agenda_id: s for s in db.session.scalars(select(FeedSnapshot).where(
        FeedSnapshot.agenda_id.in_([a.id for a in site.agendas if a.feed_url])))}
    for agenda in site.agendas:
        if not agenda.feed_url:
            result.append(AgendaFeed(agenda.id, "none", None))
            continue
        snapshot = held.get(agenda.id)
        if refresh and (snapshot is None or snapshot.checked_at is None or _utc(snapshot.checked_at) <= now - ttl):
            if in_background:
                enqueue("refresh_feed", agenda.id, now.isoformat())
            else:
                refresh_agenda(agenda, now, settings)
            snapshot = db.session.get(FeedSnapshot, agenda.id, populate_existing=True)
        result.append(_feed_state(agenda.id, snapshot, now, ttl, max_age))
    return result


def _feed_state(agenda_id: str, snapshot: FeedSnapshot | None, now: datetime, ttl: timedelta,
                max_age: timedelta) -> AgendaFeed:
    if snapshot is None:
        return AgendaFeed(agenda_id, "missing", None)
    state = freshness(snapshot.status, snapshot.fetched_at, snapshot.last_success_at, snapshot.last_error_at,
                      now, ttl, max_age)
    fetched = _utc(snapshot.fetched_at)
    if state in ("missing", "expired"):
        return AgendaFeed(agenda_id, state, fetched)
    return AgendaFeed(agenda_id, state, fetched, _decoded(agenda_id, fetched, snapshot),
                      _utc(snapshot.covers_until))


def _decoded(agenda_id: str, fetched_at: datetime, snapshot: FeedSnapshot) -> list[tuple[int, int]]:
    """Decoding 20,000 ISO strings costs ~30 ms; a snapshot only changes when fetched, so decode it once."""
    # The fetch time identifies a snapshot (``_store`` keeps it unique per agenda); per app, hence per database.
    decoded = current_app.extensions.setdefault("decoded_snapshots", {})
    key = (agenda_id, fetched_at, snapshot.events_count)
    cached = decoded.get(key)
    if cached is None:
        cached = intervals_from_json(snapshot.intervals or [])  # the deferred column: loaded only here
        if len(decoded) > 2048:
            decoded.clear()
        decoded[key] = cached
    return cached


def site_slots(site: Site, appointment_type: AppointmentType, modality: str | None, start_date: date, days: int,
               now: datetime, settings: Settings, bookings: Mapping[str, Sequence] | None = None,
               grid_min: int = 15, refresh: bool = True) -> SiteSlots:
    """Free slots of a site for ``days`` local days from ``start_date`` (the API's slots call and the pages).

    ``refresh=False`` reads the stored snapshots as they are, never fetching (inside the booking lock).
    """
    zone = site_zone(site)
    feeds = busy_for(site, now, settings, refresh=refresh, in_background=True)
    usable = {f.agenda_id: f for f in feeds if f.usable}
    agendas = [a for a in site.agendas if a.id in usable]
    modalities = [m for m in appointment_type.modalities if m in (site.modalities or [])
                  and (modality is None or m == modality)]
    day_end = datetime.combine(start_date + timedelta(days=days), time(), ZoneInfo(zone))
    span = timedelta(days=appointment_type.horizon_days)
    since = datetime.fromtimestamp(slot_cache.bucket(now), UTC)  # computed from the bucket, filtered to ``now``

    def compute() -> list[Slot]:
        opening = _agenda_opening(site, agendas, usable, zone, start_date, days)
        horizon = min(day_end, since + timedelta(seconds=slot_cache.BUCKET_S) + span)
        return free_slots(opening, agendas, {k: v.intervals for k, v in usable.items()}, bookings or {},
                          appointment_type, since, horizon, grid_min=grid_min, modalities=modalities)

    key = (site.id, _site_version(site, agendas), _type_version(appointment_type), tuple(modalities), start_date,
           days, grid_min, since, tuple((f.agenda_id, f.fetched_at, f.covers_until) for f in usable.values()),
           _bookings_version(bookings or {}))
    computed = slot_cache.cache_for(current_app.extensions, settings.redis_url).get_or_compute(
        site.id, key, compute)
    holds = [_utc(b.hold_expires_at) for rows in (bookings or {}).values() for b in rows
             if getattr(b, "hold_expires_at", None)]
    bounds = (appointment_type.min_notice_min * 60, int(span.total_seconds()), int(day_end.timestamp()))
    return SiteSlots(site.id, zone, appointment_type.id, feeds, [], computed, min(holds, default=None), bounds).at(now)


def _site_version(site: Site, agendas: Sequence[Agenda]) -> str:
    """What of the site and its agendas the slots depend on (changed by a directory import)."""
    return repr((site.timezone, site.department, site.opening_hours, site.closures, site.modalities,
                 [(a.id, a.capacity, a.mode, a.working_hours) for a in agendas]))


def _type_version(kind: AppointmentType) -> tuple:
    return (kind.id, kind.duration_min, kind.buffer_min, kind.min_notice_min, kind.horizon_days,
            tuple(kind.modalities))


def _bookings_version(bookings: Mapping[str, Sequence]) -> tuple:
    """The capacity ledger's version for these agendas: the bookings taking time, as the engine will read them."""
    return tuple(sorted((agenda_id, tuple((getattr(b, "id", None), _span_key(b)) for b in rows))
                        for agenda_id, rows in bookings.items()))


def _span_key(item) -> tuple:
    return (item.start, item.end) if hasattr(item, "start") else tuple(item)


def site_first_slot(site: Site, appointment_type: AppointmentType, now: datetime, settings: Settings,
                    bookings: Mapping[str, Sequence] | None = None, grid_min: int = 15) -> Slot | None:
    """The first free slot of a site within the type's horizon, for locator results (snapshots only, no fetch)."""
    zone = site_zone(site)
    feeds = {f.agenda_id: f for f in busy_for(site, now, settings, refresh=False) if f.usable}
    agendas = [a for a in site.agendas if a.id in feeds]
    if not agendas:
        return None
    start = _utc(now).astimezone(ZoneInfo(zone)).date()
    opening = _agenda_opening(site, agendas, feeds, zone, start, appointment_type.horizon_days + 1)
    modalities = [m for m in appointment_type.modalities if m in (site.modalities or [])]
    return engine.first_free_slot(opening, agendas, {k: v.intervals for k, v in feeds.items()}, bookings or {},
                           appointment_type, _utc(now), timedelta(days=appointment_type.horizon_days),
                           grid_min=grid_min, modalities=modalities)


def first_free_slot(site_id: str, now: datetime, settings: Settings) -> Slot | None:
    """The locator's hook: the first free slot of a site for the first-interview type, bookings made here counted."""
    site = db.session.get(Site, site_id)
    kind = db.session.scalars(select(AppointmentType).order_by(AppointmentType.position, AppointmentType.id)).first()
    if site is None or kind is None:
        return None
    bookings = claims.active_bookings([a.id for a in site.agendas], _utc(now) - timedelta(days=1),
                                      _utc(now) + timedelta(days=kind.horizon_days + 1), _utc(now))
    return site_first_slot(site, kind, now, settings, bookings=bookings)


def _agenda_opening(site: Site, agendas: list[Agenda], feeds: Mapping[str, AgendaFeed], zone: str, start: date,
                    days: int) -> dict[str, list]:
    """Each agenda's open intervals: the site's hours ∩ its own working hours, cut where its snapshot ends."""
    site_open = open_intervals(site.opening_hours, zone, site.department, site.closures or [], start, days)
    opening = {}
    for agenda in agendas:
        spans = site_open
        if agenda.working_hours:
            spans = intersect(spans, open_intervals(agenda.working_hours, zone, site.department, [], start, days))
        until = feeds[agenda.id].covers_until
        # An agenda without a feed has no end of knowledge: only the site's hours and our bookings limit it.
        opening[agenda.id] = spans if until is None else [(a, min(b, until)) for a, b in spans if a < until]
    return opening


def intersect(first: list[tuple[datetime, datetime]], second: list[tuple[datetime, datetime]]) -> list:
    """The intersection of two sorted lists of disjoint aware intervals."""
    result, j = [], 0
    for a, b in first:
        while j < len(second) and second[j][1] <= a:
            j += 1
        k = j
        while k < len(second) and second[k][0] < b:
            lo, hi = max(a, second[k][0]), min(b, second[k][1])
            if hi > lo:
                result.append((lo, hi))
            k += 1
    return result


def site_zone(site: Site) -> str:
    """The site's IANA zone (from its region)."""
    return site.timezone
