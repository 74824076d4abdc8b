"""Words and numbers for the pages: distances, open/closed lines and the week table, in the visitor's language and
the site's time zone (Babel directly: Flask-Babel would convert every time to Paris time)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _

from bookingsite.formats import babel_locale, clock_time
from bookingsite.geo.hours import DayHours, OpenState


def _language() -> str:
    return str(get_locale() or "fr")


def _locale() -> str:
    return babel_locale(_language())


def distance_text(km: float) -> str:
    """"12,3 km" / "12.3 km"."""
    return _("%(distance)s km", distance=format_decimal(round(km, 1), "#,##0.0", locale=_locale()))


def clock_text(moment: time) -> str:
    """A local wall-clock time, « 9 h » / "09:00"; the end of the day reads « 24 h » / "24:00"."""
    if moment >= time(23, 59, 59):
        return "24 h" if _language() == "fr" else "24:00"
    return clock_time(moment, _language())


def status_text(state: OpenState, zone: str, now: datetime) -> str:
    """"Open now — closes at 18:00", "Opens Tuesday at 09:00", … in the site's zone."""
    if state.next_change is None:
        return _("Open now") if state.is_open else _("Closed for the next two weeks")
    change = state.next_change.astimezone(ZoneInfo(zone))
    at = clock_text(change.timetz().replace(tzinfo=None))
    if state.is_open:
        return _("Open now — closes at %(time)s", time=at)
    today = now.astimezone(ZoneInfo(zone)).date()
    days = (change.date() - today).days
    if days == 0:
        return _("Opens today at %(time)s", time=at)
    if days == 1:
        return _("Opens tomorrow at %(time)s", time=at)
    if days < 7:
        day = format_date(change.date(), "EEEE", locale=_locale())
        return _("Opens %(day)s at %(time)s", day=day, time=at)
    return _("Opens on %(date)s at %(time)s", date=format_date(change.date(), "d MMMM", locale=_locale()), time=at)


@dataclass(frozen=True)
class DayRow:
    """One row of the week table."""

    day: date
    label: str
    hours: str
    closed: bool
    today: bool


def day_label(day: date) -> str:
    """"mardi 1 décembre" / "Tuesday 1 December"."""
    return format_date(day, "EEEE d MMMM", locale=_locale())


def closed_text(day: DayHours) -> str:
    """Why a day is closed: "Public holiday: Vendredi saint", "Closed: Inventaire", or "Closed"."""
    if day.closed_kind == "holiday":
        return _("Public holiday: %(name)s", name=day.closed_reason or "")
    if day.closed_kind == "closure":
        return _("Closed: %(reason)s", reason=day.closed_reason) if day.closed_reason else _("Closed")
    return _("Closed")


def week_rows(days: list[DayHours], today: date) -> list[DayRow]:
    """The week table's rows: intervals, or why the site is closed that day."""
    rows = []
    for day in days:
        if day.intervals:
            hours = ", ".join(_("%(start)s to %(end)s", start=clock_text(a), end=clock_text(b))
                              for a, b in day.intervals)
        else:
            hours = closed_text(day)
        rows.append(DayRow(day.day, day_label(day.day), hours, not day.intervals, day.day == today))
    return rows


def next_week_start(today: date) -> date:
    """The Monday after ``today`` (the "next week" link)."""
    return today + timedelta(days=7 - today.weekday())


def slot_when(start: datetime, zone: str) -> str:
    """"mardi 8 décembre à 09:00" in the site's zone."""
    local = start.astimezone(ZoneInfo(zone))
    return _("%(day)s at %(time)s", day=day_label(local.date()), time=clock_text(local.time()))
