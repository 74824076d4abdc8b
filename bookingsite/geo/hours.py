"""Opening hours: OpenStreetMap ``opening_hours`` expressions, regional public holidays and closures (pure)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, State

from bookingsite.geo.calendar import public_holidays


class HoursError(ValueError):
    """An opening-hours expression that cannot be read."""


@dataclass(frozen=True)
class DayHours:
    """One local day: its open intervals (local wall-clock times) or why it is closed."""

    day: date
    intervals: tuple[tuple[time, time], ...]
    closed_kind: str | None = None  # "holiday" or "closure" when an otherwise open day is closed
    closed_reason: str | None = None


@dataclass(frozen=True)
class OpenState:
    """Whether a site is open at an instant, and when that changes (aware, in the site's zone)."""

    is_open: bool
    next_change: datetime | None


@lru_cache(maxsize=4096)
def parse_hours(expression: str) -> OpeningHours:
    """Parse an expression once; ``HoursError`` says why it is refused."""
    try:
        return OpeningHours(expression)
    except Exception as exc:  # the library raises its own ParserError / SyntaxError
        raise HoursError(str(exc).strip().splitlines()[0] or "invalid opening hours") from exc


def _raw_intervals(expression: str, day: date) -> tuple[tuple[time, time], ...]:
    start = datetime.combine(day, time())
    end = start + timedelta(days=1)
    found = []
    for begin, finish, state, _comment in parse_hours(expression).intervals(start, end):
        if state == State.OPEN and finish > begin:
            # An interval running to midnight ends at 23:59:59.999999, never at the next day's 00:00.
            stop = time.max if finish >= end else finish.time()
            found.append((max(begin, start).time(), stop))
    return tuple(found)


def week_hours(expression: str, department: str, closures: list[dict], start: date, days: int = 7) -> list[DayHours]:
    """The open intervals of each day from ``start``: holidays of the department and closures are closed."""
    end = start + timedelta(days=days - 1)
    holidays = public_holidays(department, start, end)
    closed = {str(c["date"]): c.get("reason") or "" for c in closures or ()}
    result = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        intervals = _raw_intervals(expression, day)
        if day in holidays:
            result.append(DayHours(day, (), "holiday", holidays[day]))
        elif day.isoformat() in closed:
            result.append(DayHours(day, (), "closure", closed[day.isoformat()]))
        else:
            result.append(DayHours(day, intervals))
    return result


def open_intervals(expression: str, zone: str, department: str, closures: list[dict],
                   start: date, days: int) -> list[tuple[datetime, datetime]]:
    """Aware open intervals over ``days`` local days from ``start``, in the site's time zone."""
    tz = ZoneInfo(zone)
    return [
        (datetime.combine(d.day, a, tzinfo=tz), datetime.combine(d.day, b, tzinfo=tz))
        for d in week_hours(expression, department, closures, start, days)
        for a, b in d.intervals
    ]


def open_state(expression: str, zone: str, department: str, closures: list[dict], now: datetime,
               look_ahead_days: int = 14) -> OpenState:
    """Open or closed at ``now``, and the next opening or closing within ``look_ahead_days``."""
    local_now = now.astimezone(ZoneInfo(zone))
    intervals = open_intervals(expression, zone, department, closures, local_now.date(), look_ahead_days)
    for begin, end in intervals:
        if begin <= local_now < end:
            return OpenState(True, end)
        if begin > local_now:
            return OpenState(False, begin)
    return OpenState(False, None)


EVENING = time(18, 0)
SATURDAY = 5


@dataclass(frozen=True)
class WeekFeatures:
    """What the badges and filters say of a typical week: open after 18:00, open on Saturday."""

    evening: bool
    saturday: bool


@lru_cache(maxsize=4096)
def week_features(expression: str, start: date) -> WeekFeatures:
    """Evening and Saturday opening over the 7 days from ``start``, public holidays aside (a typical week)."""
    evening = saturday = False
    for offset in range(7):
        day = start + timedelta(days=offset)
        intervals = _raw_intervals(expression, day)
        evening = evening or any(end > EVENING for _begin, end in intervals)
        saturday = saturday or (day.weekday() == SATURDAY and bool(intervals))
    return WeekFeatures(evening, saturday)


def typical_week(expression: str, start: date) -> list[tuple[int, tuple[tuple[time, time], ...]]]:
    """(weekday, intervals) for the 7 days from ``start``, Monday first, public holidays aside (for schema.org)."""
    days = [(start + timedelta(days=k)) for k in range(7)]
    return sorted((d.weekday(), _raw_intervals(expression, d)) for d in days)
