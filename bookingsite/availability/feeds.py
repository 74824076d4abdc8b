"""Parse an operator's iCalendar feed into busy (or open) intervals over a horizon (pure: no I/O, no clock).

The result keeps only times: no summary, location or attendee leaves this module, so a snapshot stores
no personal data from the operator's calendar.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events
import x_wr_timezone
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

MODES = ("busy", "open")
# A feed expanding to more than this over the horizon is not an advisor's diary; refusing it bounds memory and time.
MAX_OCCURRENCES = 50_000
MAX_WALK = 1_000_000  # occurrences dateutil may step through from a rule's DTSTART to the end of the horizon
_FREQ_SECONDS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400, "WEEKLY": 604800}
_TZID = re.compile(rb'TZID([=:])"?([^";:\r\n]+)"?')
_HTML = re.compile(rb"^\s*<")  # HTML, XML, an error page: never iCalendar


class FeedError(Exception):
    """A feed that cannot be used; ``code`` is stable (for translation), ``reason`` says why in plain words."""

    code = "unreadable"

    def __init__(self, reason: str, code: str | None = None):
        super().__init__(reason)
        self.reason = reason
        if code:
            self.code = code


@dataclass(frozen=True, slots=True)
class Interval:
    """A half-open span of time [start, end), aware, in UTC."""

    start: datetime
    end: datetime


def parse_feed(data: bytes, default_tz: str, start: datetime, end: datetime, mode: str = "busy",
               skip_uid_suffix: str | None = None) -> list[Interval]:
    """The intervals of a feed between ``start`` and ``end`` (aware), one per occurrence, sorted; or ``FeedError``.

    Events whose UID ends with ``skip_uid_suffix`` are copies of our own bookings (CalDAV write-back, the
    operator's subscription): the database counts those, so the feed's copy must not take capacity twice.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    tz = ZoneInfo(default_tz)
    found: list[Interval] = []
    for calendar in _read_calendars(_sniff(data)):
        zone = _floating_zone(calendar, tz)
        singles, series = _partition(calendar)
        for event in singles:
            # Most events do not repeat: read them directly, recurring-ical-events only sees the series.
            if _blocks(event, mode, skip_uid_suffix):
                _keep(found, _interval(event, zone), start, end)
        if series.subcomponents:
            _check_runaway_rules(series, start, end)
            # Pad the query by a day each side: floating and all-day times are compared before we localise them.
            pad = timedelta(days=1)
            for component in _expand(series, start - pad, end + pad):
                if _blocks(component, mode, skip_uid_suffix):
                    _keep(found, _interval(component, zone), start, end)
        if mode == "busy":
            found.extend(_freebusy(calendar, start, end))
        if len(found) > MAX_OCCURRENCES:
            raise FeedError(f"the feed has more than {MAX_OCCURRENCES} events in the booking horizon", "too_many")
    found.sort(key=lambda i: (i.start, i.end))
    return found


def merge_intervals(intervals: list[Interval]) -> list[Interval]:
    """Sorted, non-overlapping intervals covering the same time (touching ones are joined)."""
    merged: list[Interval] = []
    for item in sorted(intervals, key=lambda i: i.start):
        if merged and item.start <= merged[-1].end:
            if item.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, item.end)
        else:
            merged.append(item)
    return merged


def _sniff(data: bytes) -> bytes:
    """Refuse what is obviously not a calendar before the parser sees it; normalise Windows zone names."""
    if not data or not data.strip():
        raise FeedError("the feed is empty", "empty")
    data = data.removeprefix(b"\xef\xbb\xbf")
    if _HTML.match(data[:512]):
        raise FeedError("the address returned a web page (HTML), not a calendar", "html")
    if b"BEGIN:VCALENDAR" not in data[:4096].upper() and b"BEGIN:VCALENDAR" not in data.upper():
        raise FeedError("this is not an iCalendar file (no BEGIN:VCALENDAR)", "not_ical")
    # Outlook writes Windows zone names ("Romance Standard Time"); icalendar maps them only when no VTIMEZONE is
    # given, and caches custom VTIMEZONEs process-wide. Rewriting to IANA makes the tz database's rules win.
    return _TZID.sub(_iana_tzid, data)


def _iana_tzid(match: re.Match) -> bytes:
    name = match.group(2).decode("utf-8", "replace").strip()
    iana = WINDOWS_TO_OLSON.get(name)
    return b"TZID" + match.group(1) + iana.encode() if iana else match.group(0)


def _read_calendars(data: bytes) -> list[icalendar.Calendar]:
    try:
        components = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as exc:  # the parser raises ValueError, KeyError, IndexError… on bad input
        raise FeedError(f"the calendar file is malformed ({_short(exc)})", "malformed") from exc
    calendars = [c for c in components if c.name == "VCALENDAR"]
    if not calendars:
        raise FeedError("the file has no VCALENDAR", "not_ical")
    return calendars


def _floating_zone(calendar: icalendar.Calendar, site_tz: ZoneInfo) -> ZoneInfo:
    """Google's X-WR-TIMEZONE is the zone of floating times when given; otherwise the site's zone."""
    name = calendar.get("X-WR-TIMEZONE")
    if name is None:
        return site_tz
    try:
        return ZoneInfo(str(name).strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise FeedError(f"unknown time zone in X-WR-TIMEZONE ({_short(exc)})", "bad_timezone") from exc


def _partition(calendar: icalendar.Calendar) -> tuple[list[icalendar.Event], icalendar.Calendar]:
    """Split plain events from repeating series (RRULE, RDATE, and every event sharing their UID)."""
    events = [c for c in calendar.subcomponents if c.name == "VEVENT" and "DTSTART" in c]
    repeating = {str(e.get("UID")) for e in events if "RRULE" in e or "RDATE" in e or "RECURRENCE-ID" in e}
    singles = [e for e in events if str(e.get("UID")) not in repeating]
    series = icalendar.Calendar()
    for key, value in calendar.items():
        series[key] = value
    series.subcomponents = [c for c in calendar.subcomponents
                            if c.name == "VTIMEZONE" or (c.name == "VEVENT" and str(c.get("UID")) in repeating
                                                         and "DTSTART" in c)]
    return singles, series


def _keep(found: list[Interval], interval: Interval | None, start: datetime, end: datetime) -> None:
    if interval is not None and interval.end > start and interval.start < end:
        found.append(interval)


def _check_runaway_rules(calendar: icalendar.Calendar, start: datetime, end: datetime) -> None:
    """Refuse, before expanding, a rule that would produce an absurd number of occurrences (e.g. every second).

    dateutil walks a rule from its DTSTART, so a frequent rule that began years ago costs its whole past too.
    """
    for event in calendar.walk("VEVENT"):
        rules = event.get("RRULE")
        for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
            try:
                freq = str(rule.get("FREQ", [""])[0]).upper()
                interval = max(int(rule.get("INTERVAL", [1])[0]), 1)
                first = _aware(event["DTSTART"].dt, UTC)
            except Exception:  # noqa: BLE001,S112 — the expansion reports unreadable rules with a better reason
                continue
            per_period = 1
            for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
                per_period *= max(len(rule.get(part, ())), 1)
            seconds = _FREQ_SECONDS.get(freq)
            if not seconds:
                continue
            in_horizon = (end - start).total_seconds() / (seconds * interval) * per_period
            walked = max((end - first).total_seconds(), 0) / (seconds * interval) * per_period
            if in_horizon > MAX_OCCURRENCES or walked > MAX_WALK:
                raise FeedError(f"an event repeats too often ({freq.lower()}) to be an appointment", "too_many")


def _expand(calendar: icalendar.Calendar, start: datetime, end: datetime) -> list[icalendar.Component]:
    """Occurrences of the repeating series; X-WR-TIMEZONE turns UTC rules into local ones so DST is followed."""
    try:
        calendar = x_wr_timezone.to_standard(calendar)
        return recurring_ical_events.of(calendar, components=["VEVENT"]).between(start, end)
    except recurring_ical_events.BadRuleStringFormat as exc:
        raise FeedError(f"an event has an unreadable repeat rule ({_short(exc)})", "bad_rule") from exc
    except Exception as exc:  # broken DTSTART/DURATION/EXDATE… surface as assorted errors from the libraries
        raise FeedError(f"an event has unreadable dates ({_short(exc)})", "broken_dates") from exc


def _blocks(component: icalendar.Component, mode: str, skip_uid_suffix: str | None = None) -> bool:
    """Cancelled events never count; transparent ("free") ones block nothing but may still be open windows."""
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return False
    if skip_uid_suffix and str(component.get("UID", "")).endswith(skip_uid_suffix):
        return False
    return mode == "open" or str(component.get("TRANSP", "OPAQUE")).upper() != "TRANSPARENT"


def _interval(component: icalendar.Component, tz: ZoneInfo) -> Interval | None:
    try:
        begin, finish = _span(component)
    except Exception as exc:
        raise FeedError(f"an event has unreadable dates ({_short(exc)})", "broken_dates") from exc
    begin, finish = _aware(begin, tz), _aware(finish, tz)
    if finish < begin:
        begin, finish = finish, begin
    if finish == begin:
        return None  # RFC 5545: a date-time event without end or duration takes no time
    return Interval(begin, finish)


def _span(component: icalendar.Component) -> tuple[date | datetime, date | datetime]:
    """DTSTART and DTEND, or the RFC 5545 defaults: DTSTART + DURATION, a date lasts a day, a date-time no time."""
    begin = component["DTSTART"].dt
    if "DTEND" in component:
        return begin, component["DTEND"].dt
    if "DURATION" in component:
        duration = component["DURATION"].dt
        if not isinstance(begin, datetime) and duration.seconds:
            begin = datetime.combine(begin, time())
        return begin, begin + duration
    return begin, begin if isinstance(begin, datetime) else begin + timedelta(days=1)


def _aware(value: date | datetime, tz: ZoneInfo) -> datetime:
    """UTC instant: floating times are in the site's zone; a date is the start of that local day."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(), tzinfo=tz)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)


def _freebusy(calendar: icalendar.Calendar, start: datetime, end: datetime) -> list[Interval]:
    """Busy periods published as VFREEBUSY (Exchange, some CalDAV servers); FBTYPE=FREE is skipped."""
    found = []
    for component in calendar.walk("VFREEBUSY"):
        props = component.get("FREEBUSY")
        for prop in props if isinstance(props, list) else [props] if props is not None else []:
            if str(prop.params.get("FBTYPE", "BUSY")).upper() == "FREE":
                continue
            try:
                periods = [p.dt for p in prop.dts] if hasattr(prop, "dts") else [prop.dt]
                for begin, finish in periods:
                    if isinstance(finish, timedelta):
                        finish = begin + finish
                    item = Interval(_aware(begin, UTC), _aware(finish, UTC))
                    if item.end > start and item.start < end and item.end > item.start:
                        found.append(item)
            except Exception as exc:
                raise FeedError(f"a free/busy period cannot be read ({_short(exc)})", "broken_dates") from exc
    return found


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def intervals_to_json(intervals: list[Interval]) -> list[list[str]]:
    """The stored form of intervals: [[start, end], …] as ISO 8601 UTC strings."""
    form = "%Y-%m-%dT%H:%M:%SZ"
    return [[i.start.astimezone(UTC).strftime(form), i.end.astimezone(UTC).strftime(form)] for i in intervals]


class _DaySeconds(dict):
    """'YYYY-MM-DD' -> POSIX seconds at 00:00 UTC, computed once per distinct day."""

    def __missing__(self, key: str) -> int:
        value = self[key] = (date.fromisoformat(key).toordinal() - _EPOCH_ORDINAL) * 86400
        return value


class _ClockSeconds(dict):
    """'HH:MM:SS' -> seconds since midnight, computed once per distinct time."""

    def __missing__(self, key: str) -> int:
        value = self[key] = int(key[0:2]) * 3600 + int(key[3:5]) * 60 + int(key[6:8])
        return value


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_STORED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def intervals_from_json(rows: list[list[str]] | None) -> list[tuple[int, int]]:
    """Stored intervals as (start, end) POSIX seconds, the slot engine's fast input.

    Our own "YYYY-MM-DDTHH:MM:SSZ" strings repeat few days and times: caching both halves decodes 20,000 rows
    about twice as fast as ``datetime.fromisoformat`` (it matters on a site page's first request).
    """
    rows = rows or []
    if all(_STORED.fullmatch(value) for row in (rows[:1] + rows[-1:]) for value in row):
        days, clock = _DaySeconds(), _ClockSeconds()
        try:
            return [(days[a[:10]] + clock[a[11:19]], days[b[:10]] + clock[b[11:19]]) for a, b in rows]
        except ValueError:
            pass  # a row in another form: the general path below
    return [(int(datetime.fromisoformat(a).timestamp()), int(datetime.fromisoformat(b).timestamp()))
            for a, b in rows]
