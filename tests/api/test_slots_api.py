"""GET /api/v1/appointment-types and GET /api/v1/sites/ID/slots: free slots only, local offsets, 4xx on bad input."""
import time
from datetime import datetime

import pytest

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.models import AppointmentType
from tests.booking.booking_helpers import NOW, PARIS, SLOT, book_args, set_busy, setup_site


@pytest.fixture
def site(app):
    place, _kind = setup_site()
    db.session.add(AppointmentType(id="first-remote", label="First interview by phone or video", duration_min=45,
                                   buffer_min=15, min_notice_min=120, horizon_days=60, modalities=["phone", "video"],
                                   position=1))
    db.session.commit()
    return place


def test_appointment_types_in_directory_order(client, site):
    types = client.get("/api/v1/appointment-types").get_json()["types"]
    assert [t["id"] for t in types] == ["first", "first-remote"]
    assert types[0] == {"id": "first", "label": types[0]["label"], "duration_min": 60,
                        "modalities": ["site", "phone", "video"]}


def test_slots_are_free_local_and_on_the_grid(client, site):
    body = client.get(f"/api/v1/sites/{site.id}/slots?from=2026-12-02&days=1").get_json()
    assert body["site_id"] == site.id and body["timezone"] == "Europe/Paris" and body["type"] == "first"
    assert body["feeds"][0]["fresh"] is True
    starts = [s["start"] for s in body["slots"]]
    assert "2026-12-02T09:00:00+01:00" in starts and "2026-12-02T16:30:00+01:00" in starts
    assert "2026-12-02T12:00:00+01:00" not in starts  # would run into the lunch closure at 12:30


def test_busy_times_and_bookings_are_not_offered(client, site):
    agenda = site.agendas[0]
    set_busy(agenda.id, [(datetime(2026, 12, 2, 9, 0, tzinfo=PARIS), datetime(2026, 12, 2, 10, 0, tzinfo=PARIS))])
    service.book(**book_args(site))  # takes 10:00-11:00
    starts = {s["start"] for s in client.get(f"/api/v1/sites/{site.id}/slots?from=2026-12-02&days=1&modality=site")
              .get_json()["slots"]}
    assert not {"2026-12-02T09:00:00+01:00", SLOT.isoformat(), "2026-12-02T10:30:00+01:00"} & starts
    assert "2026-12-02T11:00:00+01:00" in starts


def test_type_and_modality_filter(client, site):
    body = client.get(f"/api/v1/sites/{site.id}/slots?from=2026-12-02&days=1&type=first-remote&modality=video")
    slots = body.get_json()["slots"]
    assert slots and {s["modality"] for s in slots} == {"video"}
    first = datetime.fromisoformat(slots[0]["start"])
    assert (datetime.fromisoformat(slots[0]["end"]) - first).seconds == 45 * 60


def test_defaults_are_today_and_two_weeks(client, site):
    slots = client.get(f"/api/v1/sites/{site.id}/slots").get_json()["slots"]
    assert slots[0]["start"] >= "2026-12-01T11:00:00+01:00"  # now (09:00) + 120 minutes' notice
    assert slots[-1]["start"] < "2026-12-15"
    assert NOW.isoformat() == "2026-12-01T09:00:00+01:00"


@pytest.mark.parametrize("query, status, field", [
    ("?from=tomorrow", 400, "from"),  # not a date
    ("?from=2026-02-30", 400, "from"),  # no such date
    ("?days=0", 400, "days"),  # out of range
    ("?days=abc", 400, "days"),  # not a number
    ("?type=coffee", 404, "type"),  # well formed, names no type (as an unknown site)
    ("?modality=telepathy", 422, "modality"),  # unknown modality
])
def test_bad_parameters_are_4xx_naming_the_parameter(client, site, query, status, field):
    response = client.get(f"/api/v1/sites/{site.id}/slots{query}")
    assert response.status_code == status and response.get_json()["error"]["code"] == "invalid_parameter"
    assert response.get_json()["error"]["field"] == field


@pytest.mark.parametrize("day", [
    "2030-01-01",  # beyond the booking horizon
    "2026-11-01",  # a month ago
])
def test_outside_the_booking_window_nothing_is_free(client, site, day):
    response = client.get(f"/api/v1/sites/{site.id}/slots?from={day}")
    assert response.status_code == 200 and response.get_json()["slots"] == []


def test_unknown_site_is_404(client, site):
    response = client.get("/api/v1/sites/nowhere/slots")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_a_feed_dripping_its_headers_holds_the_slots_request_no_longer_than_the_deadline(make_app, dripping):
    # Issue 14: the headers alone would take 60 s, each byte well within the per-read timeout.
    from tests.factories import make_agenda, make_appointment_type, make_site

    app = make_app(FEED_TIMEOUT=0.3)
    server = dripping(b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 1200 + b"\r\n\r\n", 0.05)
    with app.app_context():
        make_appointment_type()
        place = make_site()
        make_agenda(site_id=place.id, feed_url=f"http://127.0.0.1:{server.port}/a.ics", allow_private_network=True)
        db.session.commit()
        began = time.monotonic()
        answer = app.test_client().get(f"/api/v1/sites/{place.id}/slots?from=2026-12-02&days=1")
        elapsed = time.monotonic() - began
    assert answer.status_code == 200 and answer.get_json()["feeds"][0]["fresh"] is False
    assert elapsed < 3 and server.requests == 1


def test_each_distinct_answer_is_checked_against_its_model_once(client, monkeypatch):
    from spectree.plugins import base

    from bookingsite.api.spec import CheckedOncePlugin

    checks = []
    real = base.validate_response
    monkeypatch.setattr("spectree.plugins.flask_plugin.validate_response",
                        lambda **kw: checks.append(kw) or real(**kw))
    CheckedOncePlugin.checked.clear()
    first = client.get("/api/v1/appointment-types")
    assert client.get("/api/v1/appointment-types").get_data() == first.get_data() and len(checks) == 1
