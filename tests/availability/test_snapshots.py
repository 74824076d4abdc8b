"""The snapshot service on a real database and a real HTTP server: refresh, 304, failures, staleness, claims."""
from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bookingsite.availability.refresh import refresh_agenda, refresh_all
from bookingsite.availability.snapshots import busy_for, site_slots
from bookingsite.config import settings_from
from bookingsite.extensions import db
from bookingsite.models.feeds import FeedSnapshot
from tests.factories import make_agenda, make_appointment_type, make_site

CALENDARS = Path(__file__).parent / "calendars"
NOW = datetime(2026, 3, 23, 7, 0, tzinfo=UTC)  # Monday 08:00 in Paris


@pytest.fixture
def settings(app):
    """The app's settings, with a short timeout so failure tests stay quick."""
    return replace(settings_from(app.config), feed_timeout=1.0)


@pytest.fixture
def agenda(app, httpserver):
    """A busy-mode agenda of a Paris site whose feed is served on loopback, and the first-interview type."""
    make_appointment_type()
    site = make_site(opening_hours="Mo-Fr 09:00-12:30,13:30-17:30")
    row = make_agenda(site_id=site.id, feed_url=httpserver.url_for("/a.ics"), allow_private_network=True)
    db.session.commit()
    return row


def serve(httpserver, name="plain.ics", status=200, etag='"v1"'):
    """Serve one response for the agenda's feed."""
    body = (CALENDARS / name).read_bytes() if status == 200 else b""
    httpserver.expect_ordered_request("/a.ics").respond_with_data(
        body, status=status, content_type="text/calendar", headers={"ETag": etag} if etag else {})


def test_refresh_stores_intervals_and_validators(agenda, httpserver, settings):
    serve(httpserver)
    assert refresh_agenda(agenda, NOW, settings) == "ok"
    snapshot = db.session.get(FeedSnapshot, agenda.id)
    assert snapshot.status == "ok" and snapshot.etag == '"v1"' and snapshot.events_count == 3
    assert snapshot.intervals == [["2026-03-24T08:00:00Z", "2026-03-24T09:00:00Z"],  # the horizon is 60 days
                                  ["2026-03-30T12:00:00Z", "2026-03-30T13:30:00Z"],
                                  ["2026-05-01T08:00:00Z", "2026-05-01T09:00:00Z"]]
    [feed] = busy_for(agenda.site, NOW, settings, refresh=False)
    assert feed.freshness == "fresh" and feed.usable and len(feed.intervals) == 3


def test_304_keeps_the_intervals(agenda, httpserver, settings):
    serve(httpserver)
    httpserver.expect_ordered_request("/a.ics", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    refresh_agenda(agenda, NOW, settings)
    assert refresh_agenda(agenda, NOW + timedelta(hours=1), settings) == "not_modified"
    snapshot = db.session.get(FeedSnapshot, agenda.id)
    assert snapshot.events_count == 3 and len(snapshot.intervals) == 3
    assert snapshot.last_success_at.replace(tzinfo=UTC) == NOW + timedelta(hours=1)


@pytest.mark.parametrize(("status", "name", "code"), [
    (500, None, "http_status"),             # the server is down
    (404, None, "http_status"),             # the calendar was unpublished
    (200, "not_a_calendar.ics", "html"),    # a login page instead of the calendar
    (200, "broken_dtstart.ics", "broken_dates"),  # a calendar we cannot trust
])
def test_failure_keeps_serving_the_last_good_snapshot_marked_stale(agenda, httpserver, settings, status, name,
                                                                     code):
    serve(httpserver)
    refresh_agenda(agenda, NOW, settings)
    httpserver.expect_ordered_request("/a.ics").respond_with_data(
        (CALENDARS / name).read_bytes() if name else b"", status=status)
    later = NOW + timedelta(hours=1)
    assert refresh_agenda(agenda, later, settings) == "error"
    snapshot = db.session.get(FeedSnapshot, agenda.id)
    assert snapshot.status == "error" and snapshot.error_code == code and snapshot.error
    assert len(snapshot.intervals) == 3  # the last good intervals are kept
    [feed] = busy_for(agenda.site, later, settings, refresh=False)
    assert feed.freshness == "stale" and feed.usable and len(feed.intervals) == 3


def test_timeout_keeps_the_last_good_snapshot(agenda, httpserver, settings):
    import time

    from werkzeug import Response

    serve(httpserver)
    refresh_agenda(agenda, NOW, settings)
    httpserver.expect_ordered_request("/a.ics").respond_with_handler(lambda _r: time.sleep(2) or Response(""))
    assert refresh_agenda(agenda, NOW + timedelta(hours=1), settings) == "error"
    assert db.session.get(FeedSnapshot, agenda.id).error_code == "timeout"


def test_past_the_maximum_age_no_online_slots(agenda, httpserver, settings):
    serve(httpserver)
    refresh_agenda(agenda, NOW, settings)
    httpserver.expect_request("/a.ics").respond_with_data("", status=500)
    later = NOW + timedelta(hours=settings.feed_max_age_h, minutes=1)
    result = site_slots(agenda.site, make_appointment_type(id="other"), None, date(2026, 3, 24), 7, later,
                        settings)
    assert [f.freshness for f in result.feeds] == ["expired"]
    assert result.slots == [] and result.call_instead


def test_never_fetched_offers_nothing(agenda, httpserver, settings):
    httpserver.expect_request("/a.ics").respond_with_data("", status=404)
    result = site_slots(agenda.site, db.session.get(type(make_appointment_type(id="t2")), "first"), None,
                        date(2026, 3, 24), 7, NOW, settings)
    assert [f.freshness for f in result.feeds] == ["missing"] and result.call_instead


def test_on_demand_refresh_only_past_the_ttl(agenda, httpserver, settings):
    serve(httpserver)
    busy_for(agenda.site, NOW, settings)  # nothing yet: fetched on demand
    busy_for(agenda.site, NOW + timedelta(minutes=5), settings)  # within the TTL: no request
    assert len(httpserver.log) == 1
    serve(httpserver)
    busy_for(agenda.site, NOW + timedelta(minutes=settings.feed_ttl_min + 1), settings)
    assert len(httpserver.log) == 2


def test_a_second_run_at_the_same_time_skips_the_claimed_agenda(agenda, httpserver, settings):
    serve(httpserver)
    assert refresh_agenda(agenda, NOW, settings) == "ok"
    assert refresh_agenda(agenda, NOW + timedelta(seconds=5), settings, force=True) == "skipped"
    assert len(httpserver.log) == 1


def test_two_concurrent_runs_fetch_each_feed_once(app, httpserver, settings):
    make_appointment_type()
    site = make_site()
    for n in range(4):
        make_agenda(id=f"conc-{n}", site_id=site.id, feed_url=httpserver.url_for(f"/c{n}.ics"))
    db.session.commit()
    body = (CALENDARS / "plain.ics").read_bytes()
    for n in range(4):
        httpserver.expect_request(f"/c{n}.ics").respond_with_data(body, content_type="text/calendar")
    results, barrier = [], threading.Barrier(2)

    def run():
        with app.app_context():
            barrier.wait()
            results.append(refresh_all(NOW, settings, force=True))
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(httpserver.log) == 4  # each feed fetched exactly once
    assert sum(r["ok"] for r in results) == 4 and sum(r["skipped"] for r in results) == 4


def test_site_slots_leave_out_busy_time(agenda, httpserver, settings):
    serve(httpserver)
    kind = db.session.get(type(make_appointment_type(id="phone", modalities=["phone"])), "first")
    result = site_slots(agenda.site, kind, "site", date(2026, 3, 24), 1, NOW, settings)
    starts = [s.start.strftime("%H:%M") for s in result.slots]
    assert result.timezone == "Europe/Paris" and result.type_id == "first"
    assert "09:00" not in starts and "09:45" not in starts and "10:00" in starts  # busy 09:00-10:00
    assert {s.modality for s in result.slots} == {"site"}
    assert [(f.agenda_id, f.fresh) for f in result.feeds] == [(agenda.id, True)]


def test_agenda_working_hours_narrow_the_site_hours(agenda, httpserver, settings):
    serve(httpserver)
    agenda.working_hours = "Tu 14:00-16:00"
    db.session.commit()
    kind = db.session.get(type(make_appointment_type(id="x")), "first")
    result = site_slots(agenda.site, kind, "phone", date(2026, 3, 24), 2, NOW, settings)
    assert [s.start.strftime("%d %H:%M") for s in result.slots] == ["24 14:00", "24 14:15", "24 14:30",
                                                                    "24 14:45", "24 15:00"]


def test_cli_refresh(app, agenda, httpserver):
    serve(httpserver)
    out = app.test_cli_runner().invoke(args=["feeds", "refresh", "--agenda", agenda.id])
    assert out.exit_code == 0, out.output
    assert "1 updated" in out.output
    missing = app.test_cli_runner().invoke(args=["feeds", "refresh", "--agenda", "nope"])
    assert missing.exit_code != 0


def test_feed_health_rows_and_page(app, agenda, httpserver, settings):
    from flask import render_template

    from bookingsite.agent.feeds_views import FRESHNESS, REASONS
    from bookingsite.availability.feed_health import feed_health

    serve(httpserver)
    refresh_agenda(agenda, NOW, settings)
    httpserver.expect_ordered_request("/a.ics").respond_with_data("<html>login</html>", content_type="text/html")
    refresh_agenda(agenda, NOW + timedelta(hours=1), settings)
    [row] = feed_health(NOW + timedelta(hours=1), settings)
    assert row["freshness"] == "stale" and row["error_code"] == "html" and row["events_count"] == 3
    assert row["last_success_at"] == NOW
    with app.test_request_context("/?lang=en"):
        html = render_template("agent/feeds_health.html", rows=[row], reasons=REASONS, freshness=FRESHNESS)
    assert "returns a web page, not a calendar" in html and "Out of date" in html


def test_api_body_and_first_slot(agenda, httpserver, settings):
    from bookingsite.availability.snapshots import site_first_slot

    serve(httpserver)
    kind = db.session.get(type(make_appointment_type(id="y")), "first")
    body = site_slots(agenda.site, kind, None, date(2026, 3, 24), 1, NOW, settings).to_api()
    assert set(body) == {"site_id", "timezone", "type", "feeds", "slots"}
    assert body["feeds"] == [{"agenda_id": agenda.id, "fresh": True, "fetched_at": "2026-03-23T08:00:00+01:00"}]
    assert body["slots"][0] == {"start": "2026-03-24T10:00:00+01:00", "end": "2026-03-24T11:00:00+01:00",
                                "modality": "site"}
    first = site_first_slot(agenda.site, kind, NOW, settings)
    assert first.start.isoformat() == "2026-03-23T10:00:00+01:00"  # Monday 08:00 + 2 h notice


def test_locator_hook_first_free_slot(agenda, httpserver, settings):
    from bookingsite.availability.snapshots import first_free_slot
    from bookingsite.locator.slots_hook import first_free_slot as hook

    serve(httpserver)
    refresh_agenda(agenda, NOW, settings)
    assert first_free_slot(agenda.site_id, NOW, settings).start.isoformat() == "2026-03-23T10:00:00+01:00"
    assert hook(agenda.site_id, NOW, settings).isoformat() == "2026-03-23T10:00:00+01:00"
    assert first_free_slot("no-such-site", NOW, settings) is None


def test_an_agenda_without_a_feed_offers_the_sites_hours(app):
    """No feed URL: the agenda is free whenever the site is open, apart from bookings made here."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from bookingsite.availability.snapshots import site_slots
    from tests.factories import make_agenda, make_appointment_type

    agenda = make_agenda(feed_url=None)
    kind = make_appointment_type()
    now = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    result = site_slots(agenda.site, kind, None, date(2026, 12, 2), 1, now, settings_from(app.config))
    assert result.slots and result.slots[0].start == datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert not result.call_instead
