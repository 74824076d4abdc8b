"""Pages and the API read snapshots only: a stale one is served with its age and refreshed by the queue."""
from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.models import AppointmentType
from bookingsite.models.feeds import FeedSnapshot
from tests.booking.booking_helpers import NOW, SLOT, contact, set_busy
from tests.factories import make_agenda, make_appointment_type, make_site

EMPTY = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def queued_app(make_app, tmp_path):
    """A real queue (SQLite storage) with no consumer: what a page enqueues stays there."""
    application = make_app(QUEUE_IMMEDIATE=False, QUEUE_SQLITE_PATH=str(tmp_path / "jobs.sqlite"))
    with application.app_context():
        yield application


@pytest.fixture
def stale_site(queued_app, httpserver):
    """A site whose one agenda's snapshot is an hour old (past the 15-minute TTL), its feed server counting."""
    httpserver.expect_request("/feed.ics").respond_with_data(EMPTY, content_type="text/calendar")
    site = make_site()
    agenda = make_agenda(site_id=site.id, feed_url=httpserver.url_for("/feed.ics"), allow_private_network=True)
    set_busy(agenda.id, [], at=NOW - timedelta(hours=1))
    if db.session.get(AppointmentType, "first") is None:
        make_appointment_type()
    db.session.commit()
    return site, agenda


def _age(agenda_id: str, at) -> None:
    db.session.get(FeedSnapshot, agenda_id).checked_at = at.astimezone(UTC)  # SQLite keeps no offset
    db.session.commit()


@pytest.mark.parametrize("path", [
    "/booking/site/{site}",  # the public slot page
    "/api/v1/sites/{site}/slots?type=first",  # the API
])
def test_a_public_request_never_calls_the_feed_server(queued_app, stale_site, httpserver, path):
    site, agenda = stale_site
    response = queued_app.test_client().get(path.format(site=site.id))
    assert response.status_code == 200
    assert httpserver.log == []  # served from the stale snapshot
    huey = queued_app.extensions["huey"]
    assert huey.pending_count() == 1  # ... whose refresh waits in the queue
    if path.startswith("/api"):  # served with its age
        [feed] = response.get_json()["feeds"]
        assert feed["fresh"] is False and feed["fetched_at"].startswith("2026-12-01T08:00")
    task = huey.dequeue()
    huey.execute(task)  # what a consumer does
    assert len(httpserver.log) == 1
    assert db.session.get(FeedSnapshot, agenda.id, populate_existing=True).status == "ok"


PUBLIC_PAGES = [
    "/sites/{site}",  # a site's page and its first free slot
    "/sites/?q=75011",  # the locator's list
    "/booking/start?site={site}",  # the start of a booking
    "/booking/site/{site}",  # the slot page
    "/api/v1/sites/{site}",  # the API's site
    "/api/v1/sites?postcode=75011",  # the API's locator
    "/api/v1/sites/{site}/slots?type=first",  # the API's slots
]


def test_no_public_request_connects_to_the_feed_server_and_the_queued_refreshes_fetch_once(queued_app, dripping):
    feed = dripping(b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: %d\r\n\r\n%s"
                    % (len(EMPTY), EMPTY), 0)
    site = make_site()
    agenda = make_agenda(site_id=site.id, feed_url=f"http://127.0.0.1:{feed.port}/feed.ics",
                         allow_private_network=True)
    set_busy(agenda.id, [], at=NOW - timedelta(hours=1))  # past the TTL
    make_appointment_type()
    db.session.commit()
    client = queued_app.test_client()
    for page in PUBLIC_PAGES:
        assert client.get(page.format(site=site.id)).status_code in (200, 302), page
    assert feed.connections == 0  # not even a connection opened: every answer came from the stale snapshot
    huey = queued_app.extensions["huey"]
    assert huey.pending_count() >= 2  # the same agenda's refresh, asked for by several requests
    while (task := huey.dequeue()) is not None:
        huey.execute(task)  # what consumers do
    assert feed.connections == 1  # the first refresh fetched; every later one found it done
    assert db.session.get(FeedSnapshot, agenda.id, populate_existing=True).status == "ok"


def test_the_confirmation_still_checks_a_stale_feed(queued_app, stale_site, httpserver):
    site, agenda = stale_site
    hold = service.hold_slot(service.HoldRequest(site_id=site.id, start=SLOT, type_id="first", modality="site"), NOW)
    fetched = len(httpserver.log)
    _age(agenda.id, NOW - timedelta(hours=1))  # the feed got stale while the person typed
    details = contact()
    service.confirm_booking(hold, details["name"], details["email"], details["phone"], True, NOW)
    assert len(httpserver.log) == fetched + 1  # read again, inline, before the booking is confirmed
