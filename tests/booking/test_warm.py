"""Free slots computed ahead by the background refresh: into Redis, so another process's first visitor computes
nothing; nothing without Redis."""
from __future__ import annotations

import uuid

import pytest

from bookingsite.availability import snapshots
from bookingsite.booking.warm import sites_read_since, warm_slots
from bookingsite.extensions import current_settings
from tests.booking.booking_helpers import NOW, set_busy, setup_site
from tests.counting import count_calls

REDIS_URL = "redis://127.0.0.1:6379/12"


@pytest.fixture
def computations(monkeypatch):
    """Each run of the slot engine (a computation, not a cache hit)."""
    return count_calls(monkeypatch, snapshots, "free_slots")


def test_the_first_windows_are_computed_ahead_for_every_worker(make_app, computations):
    app = make_app(REDIS_URL=REDIS_URL)
    with app.app_context():
        site, _kind = setup_site(id=f"warm-{uuid.uuid4().hex[:12]}")  # keys no other run has put in Redis
        done = warm_slots([site.id], NOW, current_settings())
        assert done == 2 + len(site.modalities) and len(computations) == done
        del app.extensions["slot_cache"]  # another worker: its memory is empty, Redis is shared
        client = app.test_client()
        assert client.get(f"/api/v1/sites/{site.id}/slots").status_code == 200  # today, 14 days: the API's default
        assert client.get(f"/booking/site/{site.id}").status_code == 200  # the picker's first week
        assert len(computations) == done


def test_nothing_is_computed_ahead_without_redis(app, computations):
    site, _kind = setup_site()
    assert warm_slots([site.id], NOW, current_settings()) == 0 and not computations


def test_the_sites_read_since_a_moment(app):
    read, _ = setup_site()
    other, _ = setup_site()
    later = NOW.replace(minute=5)
    set_busy(read.agendas[0].id, [], at=later)
    assert sites_read_since(later) == [read.id]
    assert set(sites_read_since(NOW)) == {read.id, other.id}
