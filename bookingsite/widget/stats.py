"""A partner's figures by week: questionnaires started and finished in the widget, bookings attributed to it."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookingsite.models.booking import Booking
from bookingsite.models.directory import Operator, Site
from bookingsite.models.prequal import Prequal
from bookingsite.models.widget import WidgetFlow

NATIONAL_TZ = ZoneInfo("Europe/Paris")  # weeks are counted on the national calendar, whatever the site's zone


@dataclass(frozen=True)
class WeekCounts:
    """One week (Monday) and its three counts."""

    week: date
    started: int | None  # None: not known (a region's view: a flow has no region until its place is answered)
    finished: int
    bookings: int


def week_of(instant: datetime, tz: ZoneInfo = NATIONAL_TZ) -> date:
    """The Monday of the local week holding this instant (naive instants are UTC, as SQLite gives them back)."""
    aware = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    day = aware.astimezone(tz).date()
    return day - timedelta(days=day.weekday())


def weekly_counts(started: Iterable[datetime], finished: Iterable[datetime], bookings: Iterable[datetime],
                  now: datetime, weeks: int = 12, tz: ZoneInfo = NATIONAL_TZ) -> list[WeekCounts]:
    """The last ``weeks`` weeks up to ``now``, newest first, zero where nothing happened."""
    counts = [Counter(week_of(t, tz) for t in times) for times in (started, finished, bookings)]
    this_week = week_of(now, tz)
    mondays = [this_week - timedelta(weeks=n) for n in range(weeks)]
    return [WeekCounts(m, counts[0][m], counts[1][m], counts[2][m]) for m in mondays]


def first_instant(now: datetime, weeks: int, tz: ZoneInfo = NATIONAL_TZ) -> datetime:
    """The start (UTC) of the oldest week shown: no need to read anything older."""
    monday = week_of(now, tz) - timedelta(weeks=weeks - 1)
    return datetime(monday.year, monday.month, monday.day, tzinfo=tz).astimezone(UTC)


def partner_counts(session: Session, partner_id: str, now: datetime, weeks: int = 12,
                   region: str | None = None) -> list[WeekCounts]:
    """Read the partner's flows, questionnaires and bookings since the oldest week shown, and count them.

    With a ``region`` (a regional supervisor), only that region's questionnaires and the bookings at its operators'
    sites count, as on the piloting dashboard; flows started, which have no region, are then not known (None)."""
    since = first_instant(now, weeks)
    finished = select(Prequal.completed_at).where(Prequal.partner_id == partner_id, Prequal.completed_at >= since)
    booked = select(Booking.created_at).where(Booking.partner_id == partner_id, Booking.status != "held",
                                              Booking.created_at >= since)
    if region is not None:
        finished = finished.where(Prequal.region_code == region)
        booked = (booked.join(Site, Site.id == Booking.site_id).join(Operator, Operator.id == Site.operator_id)
                  .where(Operator.region_code == region))
    started = [] if region is not None else session.scalars(select(WidgetFlow.started_at).where(
        WidgetFlow.partner_id == partner_id, WidgetFlow.started_at >= since))
    counts = weekly_counts(list(started), list(session.scalars(finished)), list(session.scalars(booked)), now, weeks)
    return counts if region is None else [replace(week, started=None) for week in counts]
