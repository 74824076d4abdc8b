"""Refreshing feed snapshots: a periodic job, the queue or a booking's check fetches and parses an agenda's feed.

Safe to run twice at once: a run first *claims* a row with a compare-and-set update of ``checked_at`` (committed
before any network call), so a second run, or a page asking for an on-demand refresh, skips it. This works the same
on SQLite and PostgreSQL. When a fetch fails, the last good intervals stay and keep serving, marked stale.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from bookingsite.availability.feed_health import as_utc as _utc
from bookingsite.availability.feeds import intervals_to_json, merge_intervals, parse_feed
from bookingsite.availability.fetch import FETCH_ERRORS, fetch_feed
from bookingsite.config import Settings
from bookingsite.extensions import db
from bookingsite.models import Agenda, AppointmentType
from bookingsite.models.feeds import FeedSnapshot

DEFAULT_HORIZON_DAYS = 60
OWN_UID_SUFFIX = "@bookingsite"  # UIDs of our bookings' copies in operators' calendars (models.booking.Booking.uid)


def refresh_all(now: datetime, settings: Settings, agenda_id: str | None = None, force: bool = False) -> dict:
    """Refresh every agenda with a feed (or one); returns counts {"ok", "not_modified", "error", "skipped"}."""
    query = select(Agenda).where(Agenda.feed_url.is_not(None)).order_by(Agenda.id)
    if agenda_id:
        query = query.where(Agenda.id == agenda_id)
    counts = {"ok": 0, "not_modified": 0, "error": 0, "skipped": 0}
    for agenda in db.session.scalars(query).all():
        counts[refresh_agenda(agenda, now, settings, force=force)] += 1
    return counts


def refresh_agenda(agenda: Agenda, now: datetime, settings: Settings, force: bool = False) -> str:
    """Fetch and parse one agenda's feed into its snapshot if nobody else is doing it; returns what happened."""
    now = _utc(now)
    if not _claim(agenda.id, now, settings, force):
        return "skipped"
    snapshot = db.session.get(FeedSnapshot, agenda.id)
    timeout = settings.feed_timeout
    # A 304 keeps the stored intervals, which only reach as far as the horizon of their fetch: ask for the whole
    # body again once they fall a day short.
    covered = snapshot.fetched_at is not None and _utc(snapshot.covers_until) >= now + _horizon() - timedelta(days=1)
    try:
        result = fetch_feed(agenda.feed_url, snapshot.etag if covered else None,
                            snapshot.last_modified if covered else None, timeout=timeout,
                            max_bytes=settings.feed_max_bytes,
                            allow_private=bool(agenda.allow_private_network))
        if result.not_modified and covered:
            outcome = "not_modified"
        else:
            outcome = "ok"
            _store(snapshot, agenda, agenda.site.timezone, result, now)
    except FETCH_ERRORS as error:  # the feed's own, or the network's
        snapshot.status, snapshot.error_code, snapshot.error = "error", error.code, error.reason
        snapshot.last_error_at = now
        db.session.commit()
        return "error"
    snapshot.status, snapshot.error_code, snapshot.error = "ok", None, None
    snapshot.last_success_at = now
    db.session.commit()
    return outcome


def _store(snapshot: FeedSnapshot, agenda: Agenda, zone: str, result, now: datetime) -> None:
    start, end = now - timedelta(days=1), now + _horizon()
    intervals = parse_feed(result.data, zone, start, end, agenda.mode or "busy", skip_uid_suffix=OWN_UID_SUFFIX)
    snapshot.events_count = len(intervals)
    snapshot.intervals = intervals_to_json(merge_intervals(intervals))
    snapshot.covers_from, snapshot.covers_until = start, end
    previous = _utc(snapshot.fetched_at) if snapshot.fetched_at else None
    # The fetch time is the snapshot's version (caches are keyed by it): two reads at one instant (a frozen clock,
    # a forced refresh) must still differ.
    snapshot.fetched_at = now if previous is None or previous < now else previous + timedelta(microseconds=1)
    snapshot.etag, snapshot.last_modified = result.etag, result.last_modified


def _claim(agenda_id: str, now: datetime, settings: Settings, force: bool) -> bool:
    """Compare-and-set on ``checked_at``: true for the one caller that may refresh this agenda now."""
    _ensure_row(agenda_id)
    lease = timedelta(seconds=4 * settings.feed_timeout + 30)
    ttl = timedelta(minutes=settings.feed_ttl_min)
    # A running refresh holds the row for ``lease``; without force, a check younger than the TTL is left alone.
    limit = now - (lease if force else max(lease, ttl))
    claimed = db.session.execute(
        update(FeedSnapshot)
        .where(FeedSnapshot.agenda_id == agenda_id,
               or_(FeedSnapshot.checked_at.is_(None), FeedSnapshot.checked_at <= limit))
        .values(checked_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()  # make the claim visible before the (slow) fetch
    return claimed == 1


def _ensure_row(agenda_id: str) -> None:
    if db.session.get(FeedSnapshot, agenda_id) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(FeedSnapshot(agenda_id=agenda_id, status="pending", events_count=0, intervals=[]))
        db.session.commit()
    except IntegrityError:  # another process created it first: fine
        db.session.rollback()


def _horizon() -> timedelta:
    """How far ahead snapshots reach: the longest booking horizon of the appointment types, plus a day."""
    days = db.session.scalar(select(func.max(AppointmentType.horizon_days))) or DEFAULT_HORIZON_DAYS
    return timedelta(days=int(days) + 1)
