"""The slots call's kept answers: reused while nothing changed, never after a change, a hold's expiry or a new day.

Each test asks the API twice around one event and counts how many times the slots were computed (``slots_for``):
a reuse costs one query and no computation.
"""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from bookingsite.api import slots as slots_view
from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.models import AppointmentType, Site
from tests.booking.booking_helpers import NOW, PARIS, SLOT, book_args, set_busy, setup_site
from tests.counting import count_calls
from tests.factories import make_agenda

ASK = "/api/v1/sites/{}/slots?from=2026-12-02&days=1&modality=site"


@pytest.fixture
def computed(monkeypatch):
    """The calls of ``slots_for`` made by the API (each one a computation, not a reuse)."""
    return count_calls(monkeypatch, slots_view, "slots_for")


def version_of(site) -> int:
    return db.session.scalar(select(Site.slots_version).where(Site.id == site.id))


def starts(client, site) -> set[str]:
    return {s["start"] for s in client.get(ASK.format(site.id)).get_json()["slots"]}


def test_the_same_question_is_answered_again_without_computing(app, client, computed):
    site, _ = setup_site()
    first, second = client.get(ASK.format(site.id)), client.get(ASK.format(site.id))
    assert first.get_data() == second.get_data() and first.headers["ETag"] == second.headers["ETag"]
    assert len(computed) == 1
    client.get(ASK.format(site.id) + "&type=first")  # another question: computed
    assert len(computed) == 2


def hold(site):
    service.hold_slot(service.HoldRequest(site_id=site.id, start=SLOT, type_id="first", modality="site"), NOW)


def book(site):
    service.book(**book_args(site))


def busy_feed(site):
    set_busy(site.agendas[0].id, [(SLOT, SLOT.replace(hour=11))], at=NOW.replace(second=1))  # a later read


def close_wednesday(site):
    site.closures = [{"date": "2026-12-02", "reason": "Inventaire"}]
    db.session.commit()


def longer_type(_site):
    db.session.get(AppointmentType, "first").duration_min = 180
    db.session.commit()


@pytest.mark.parametrize("change, slot_gone", [
    (hold, True),  # a hold takes the time at once, for every worker
    (book, True),  # a booking
    (busy_feed, True),  # a feed read that shows the time busy
    (close_wednesday, True),  # the site's closures edited
    (longer_type, True),  # an appointment type edited (every site): from 10:00, 3 hours run into lunch
])
def test_a_change_is_seen_at_once(app, client, computed, change, slot_gone):
    site, _ = setup_site()
    before = version_of(site)
    assert SLOT.isoformat() in starts(client, site)
    change(site)
    assert version_of(site) > before
    assert (SLOT.isoformat() not in starts(client, site)) is slot_gone
    assert len(computed) == 2


def test_an_agenda_added_raises_its_sites_version(app):
    site, _ = setup_site()
    before = version_of(site)
    make_agenda(site_id=site.id)
    assert version_of(site) == before + 1


def test_other_sites_keep_their_answers(app, client, computed):
    site, _ = setup_site()
    other, _ = setup_site()
    starts(client, other)
    book(site)
    starts(client, other)
    assert len(computed) == 1


def test_a_held_slot_comes_back_when_the_hold_expires(app, client, computed):
    site, _ = setup_site()
    hold(site)
    assert SLOT.isoformat() not in starts(client, site)
    app.config["BOOKINGSITE_NOW"] = "2026-12-01T09:30:00+01:00"  # the 10-minute hold is over; nothing was written
    assert SLOT.isoformat() in starts(client, site)
    assert len(computed) == 2


def test_a_reuse_shows_only_what_its_moment_allows(app, client, computed):
    site, _ = setup_site()
    ask = f"/api/v1/sites/{site.id}/slots?days=1&modality=site"  # today, from 09:00 with the first interview's notice
    first = [s["start"] for s in client.get(ask).get_json()["slots"]]
    app.config["BOOKINGSITE_NOW"] = "2026-12-01T09:00:50+01:00"  # 50 s on: within MAX_KEEP_S
    later = [s["start"] for s in client.get(ask).get_json()["slots"]]
    assert len(computed) == 1
    earliest = datetime(2026, 12, 1, 9, 0, 50, tzinfo=PARIS).timestamp() + 60 * db.session.get(
        AppointmentType, "first").min_notice_min
    assert later == [s for s in first if datetime.fromisoformat(s).timestamp() >= earliest]


def test_the_version_is_not_directory_data(app):
    from bookingsite.directory.store import export_document

    setup_site()
    assert all("slots_version" not in row for row in export_document(db.session)["sites"])
    assert db.session.scalar(select(Site.slots_version)) is not None


def test_another_process_change_is_seen_within_the_read_interval(app, client, computed):
    from bookingsite.availability import slot_answers

    site, _ = setup_site()
    reader = slot_answers.version_reader(app.extensions)
    tick = [100.0]
    reader.clock = lambda: tick[0]
    starts(client, site)
    with db.engine.begin() as other:  # another process's commit: no event of this one
        other.execute(Site.__table__.update().where(Site.__table__.c.id == site.id)
                      .values(slots_version=Site.__table__.c.slots_version + 1))
    tick[0] += slot_answers.READ_EVERY_S / 2
    starts(client, site)
    assert len(computed) == 1  # within the interval: the version read before still counts
    tick[0] += slot_answers.READ_EVERY_S
    starts(client, site)
    assert len(computed) == 2
