"""The slot engine (pure): free appointment slots from opening hours, feed intervals, bookings and capacity.

Times are handled as integer POSIX seconds inside (sorted lists, one sweep per agenda, no pairwise checks), and
given back as aware datetimes in the site's zone. The grid is aligned on local wall-clock time, so a 15-minute
grid gives 09:00, 09:15… on both sides of a daylight-saving change.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, Protocol

Span = tuple[datetime, datetime]


class AppointmentSpec(Protocol):
    """What the engine reads from an appointment type (the model or any object alike)."""

    duration_min: int
    buffer_min: int
    min_notice_min: int
    modalities: Sequence[str]


@dataclass(frozen=True, slots=True)
class Slot:
    """A bookable slot: local aware start and end, one modality, and the agendas that can take it."""

    start: datetime
    end: datetime
    modality: str
    agenda_ids: tuple[str, ...]

    @property
    def day(self):
        """The local date of the slot (for lists grouped by day)."""
        return self.start.date()

    @property
    def key(self) -> str:
        """A stable form value for the slot: local ISO start and modality."""
        return f"{self.start.isoformat()}|{self.modality}"


def free_slots(opening: Sequence[Span] | Mapping[str, Sequence[Span]], agendas: Sequence[Any],
               busy: Mapping[str, Iterable[Any]], bookings: Mapping[str, Iterable[Any]],
               appointment_type: AppointmentSpec, now: datetime, horizon: datetime | timedelta,
               grid_min: int = 15, modalities: Sequence[str] | None = None) -> list[Slot]:
    """Free slots, sorted by start then modality.

    ``opening``: the site's open intervals (``hours.open_intervals``), or a mapping agenda id -> open intervals when
    agendas have their own working hours. ``agendas``: objects with ``id``, ``capacity`` and ``mode`` ("busy": the
    feed's intervals are busy time; "open": they are the windows slots are cut from). ``busy``: agenda id -> feed
    intervals; ``bookings``: agenda id -> bookings made here. Intervals are (start, end) pairs or objects with
    ``start``/``end``. Each busy interval or booking takes one unit of the agenda's capacity, widened by the type's
    buffer on both sides. No slot starts before ``now`` + minimum notice, nor at or after ``horizon``.
    """
    earliest = _ts(now) + appointment_type.min_notice_min * 60
    latest = _ts(now + horizon if isinstance(horizon, timedelta) else horizon)
    times = _free_starts(opening, agendas, busy, bookings, appointment_type, earliest, latest, grid_min * 60)
    return _as_slots(times, opening, appointment_type, modalities)


def first_free_slot(opening: Sequence[Span] | Mapping[str, Sequence[Span]], agendas: Sequence[Any],
                    busy: Mapping[str, Iterable[Any]], bookings: Mapping[str, Iterable[Any]],
                    appointment_type: AppointmentSpec, now: datetime, horizon: datetime | timedelta,
                    grid_min: int = 15, modalities: Sequence[str] | None = None) -> Slot | None:
    """The earliest free slot (the first modality at that time), or None; looks a week at a time."""
    end = now + horizon if isinstance(horizon, timedelta) else horizon
    week = timedelta(days=7)
    cursor = now
    while cursor < end:
        # Each week's window restarts at cursor; notice only applies once, from ``now``.
        stop = min(cursor + week, end)
        earliest = max(_ts(now) + appointment_type.min_notice_min * 60, _ts(cursor))
        times = _free_starts(opening, agendas, busy, bookings, appointment_type, earliest, _ts(stop), grid_min * 60)
        slots = _as_slots(times, opening, appointment_type, modalities)
        if slots:
            return slots[0]
        cursor = stop
    return None


def _free_starts(opening, agendas, busy, bookings, appointment_type, earliest: int, latest: int,
                 grid: int) -> dict[int, list[str]]:
    """Start instant -> ids of the agendas free for the whole appointment at that instant."""
    duration = appointment_type.duration_min * 60
    buffer = (appointment_type.buffer_min or 0) * 60
    found: dict[int, list[str]] = {}
    shared = None if isinstance(opening, Mapping) else _windows(opening, earliest, latest + duration)
    for agenda in agendas:
        windows = shared if shared is not None else _windows(opening.get(agenda.id, ()), earliest,
                                                             latest + duration)
        feed = _spans(busy.get(agenda.id, ()))
        if getattr(agenda, "mode", "busy") == "open":
            windows = _intersect(windows, _merge(feed))
            feed = []
        load = feed + _spans(bookings.get(agenda.id, ()))
        full = _full(load, buffer, max(int(getattr(agenda, "capacity", 1) or 1), 1))
        for begin, end, offset in _subtract(windows, full):
            for start in _grid(begin, end - duration, offset, grid):
                if start < latest:
                    found.setdefault(start, []).append(agenda.id)
    return found


def _ts(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("times given to the slot engine must be aware")
    return int(moment.timestamp())


def _spans(items: Iterable[Any]) -> list[tuple[int, int]]:
    """(start, end) POSIX seconds from pairs or objects with start/end (Interval, Booking…)."""
    items = list(items or ())
    if not items:
        return []
    if isinstance(items[0], tuple) and isinstance(items[0][0], int):
        return items  # already POSIX seconds (the snapshot service's fast path)
    if hasattr(items[0], "start"):
        items = [(i.start, i.end) for i in items]
    return [(_ts(a), _ts(b)) for a, b in items]


def _windows(opening: Sequence[Span], earliest: int, latest: int) -> list[tuple[int, int, int]]:
    """Open intervals clipped to [earliest, latest), each with its UTC offset (split where the offset changes)."""
    result = []
    for begin, end in opening:
        a, b = max(_ts(begin), earliest), min(_ts(end), latest)
        if b <= a:
            continue
        start_offset = int(begin.utcoffset().total_seconds())
        end_offset = int(end.utcoffset().total_seconds())
        if start_offset == end_offset:
            result.append((a, b, start_offset))
        else:
            result.extend(_split_at_offset_change(a, b, begin.tzinfo))
    result.sort()
    return result


def _split_at_offset_change(a: int, b: int, zone: tzinfo) -> list[tuple[int, int, int]]:
    """An interval containing a DST change, cut where the offset changes (found by bisection, to the second)."""
    def offset(t: int) -> int:
        return int(datetime.fromtimestamp(t, zone).utcoffset().total_seconds())

    low, high = a, b - 1
    first = offset(a)
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if offset(mid) == first else (low, mid)
    return [(a, high, first), (high, b, offset(high))]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        elif end > begin:
            merged.append([begin, end])
    return [(a, b) for a, b in merged]


def _intersect(windows: list[tuple[int, int, int]], spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Windows ∩ sorted disjoint spans (linear merge), keeping each window's offset."""
    result, j = [], 0
    for a, b, offset in windows:
        while j < len(spans) and spans[j][1] <= a:
            j += 1
        k = j
        while k < len(spans) and spans[k][0] < b:
            lo, hi = max(a, spans[k][0]), min(b, spans[k][1])
            if hi > lo:
                result.append((lo, hi, offset))
            k += 1
    return result


def _full(load: list[tuple[int, int]], buffer: int, capacity: int) -> list[tuple[int, int]]:
    """Where the agenda is at capacity: a sweep over +1/-1 edges of the (buffer-widened) busy intervals."""
    if capacity == 1:
        return _merge([(a - buffer, b + buffer) for a, b in load])
    edges = sorted([(a - buffer, 1) for a, _ in load] + [(b + buffer, -1) for _, b in load])
    result, level, since = [], 0, 0
    for moment, step in edges:
        before = level
        level += step
        if before < capacity <= level:
            since = moment
        elif level < capacity <= before and moment > since:
            result.append((since, moment))
    return _merge(result)


def _subtract(windows: list[tuple[int, int, int]], full: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Windows minus sorted disjoint full intervals (linear merge)."""
    result, j = [], 0
    for a, b, offset in windows:
        while j < len(full) and full[j][1] <= a:
            j += 1
        cursor, k = a, j
        while k < len(full) and full[k][0] < b:
            if full[k][0] > cursor:
                result.append((cursor, full[k][0], offset))
            cursor = max(cursor, full[k][1])
            k += 1
        if cursor < b:
            result.append((cursor, b, offset))
    return result


def _grid(begin: int, last_start: int, offset: int, grid: int) -> range:
    """Starts in [begin, last_start] on the grid of local wall-clock time (offset = local − UTC, in seconds)."""
    first = -(-(begin + offset) // grid) * grid - offset  # ceil to the grid, in local seconds, back to UTC
    return range(first, last_start + 1, grid)


def _zone(opening) -> tzinfo | None:
    spans = next(iter(opening.values()), ()) if isinstance(opening, Mapping) else opening
    for begin, _end in spans:
        return begin.tzinfo
    return None


def _as_slots(times: dict[int, list[str]], opening, appointment_type: AppointmentSpec,
              modalities: Sequence[str] | None) -> list[Slot]:
    zone = _zone(opening)
    kinds = [m for m in appointment_type.modalities if modalities is None or m in modalities]
    length = appointment_type.duration_min * 60
    result = []
    for moment in sorted(times):
        # Both ends from the instant: aware datetime arithmetic is wall-clock and would be wrong across DST.
        start, end = datetime.fromtimestamp(moment, zone), datetime.fromtimestamp(moment + length, zone)
        ids = tuple(sorted(set(times[moment])))
        result.extend(Slot(start, end, kind, ids) for kind in kinds)
    return result
