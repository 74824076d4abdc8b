"""How far each agenda's feed can be trusted: fresh, stale, expired or missing; the operators' health view and
the health check's summary (reads snapshot columns only, never their intervals)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bookingsite.config import Settings
from bookingsite.extensions import db
from bookingsite.models import Agenda, Site
from bookingsite.models.feeds import FeedSnapshot

STATES = ("fresh", "stale", "expired", "missing")


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back: they were stored in UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def feed_limits(settings: Settings) -> tuple[timedelta, timedelta]:
    """The refresh-on-demand age (TTL) and the age past which a feed offers no online slots."""
    return timedelta(minutes=settings.feed_ttl_min), timedelta(hours=settings.feed_max_age_h)


def freshness(status: str | None, fetched_at, last_success_at, last_error_at, now: datetime, ttl: timedelta,
              max_age: timedelta) -> str:
    """missing (never read), expired (too old to offer slots), stale (failing or past the TTL) or fresh."""
    if fetched_at is None or last_success_at is None:
        return "missing"
    success = as_utc(last_success_at)
    if now - success > max_age:
        return "expired"
    failing = status == "error" and as_utc(last_error_at or success) >= success
    return "stale" if failing or now - success > ttl else "fresh"


def _of(snapshot: FeedSnapshot | None, now: datetime, ttl: timedelta, max_age: timedelta) -> str:
    if snapshot is None:
        return "missing"
    return freshness(snapshot.status, snapshot.fetched_at, snapshot.last_success_at, snapshot.last_error_at,
                     as_utc(now), ttl, max_age)


def freshness_summary(now: datetime, settings: Settings) -> dict[str, int]:
    """How many agendas with a feed are fresh, stale, expired or missing (for /healthz)."""
    ttl, max_age = feed_limits(settings)
    query = (select(FeedSnapshot.status, FeedSnapshot.fetched_at, FeedSnapshot.last_success_at,
                    FeedSnapshot.last_error_at)
             .select_from(Agenda).outerjoin(FeedSnapshot, FeedSnapshot.agenda_id == Agenda.id)
             .where(Agenda.feed_url.is_not(None)))
    counts = dict.fromkeys(STATES, 0)
    for row in db.session.execute(query):
        counts[freshness(*row, as_utc(now), ttl, max_age)] += 1
    return counts


def feed_health(now: datetime, settings: Settings, operator_id: str | None = None) -> list[dict]:
    """One row per agenda with a feed, for the operators' health view: last success, last error, events count."""
    query = (select(Agenda, FeedSnapshot).outerjoin(FeedSnapshot, FeedSnapshot.agenda_id == Agenda.id)
             .where(Agenda.feed_url.is_not(None)).order_by(Agenda.site_id, Agenda.id))
    if operator_id:
        query = query.join(Site, Site.id == Agenda.site_id).where(Site.operator_id == operator_id)
    ttl, max_age = feed_limits(settings)
    rows = []
    for agenda, snapshot in db.session.execute(query).all():
        rows.append({"agenda": agenda, "snapshot": snapshot, "freshness": _of(snapshot, now, ttl, max_age),
                     "last_success_at": as_utc(snapshot.last_success_at) if snapshot else None,
                     "last_error_at": as_utc(snapshot.last_error_at) if snapshot else None,
                     "error_code": snapshot.error_code if snapshot else None,
                     "error": snapshot.error if snapshot else None,
                     "events_count": snapshot.events_count if snapshot else 0})
    return rows
