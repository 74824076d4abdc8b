"""The booking pages without JavaScript: site choice, slot, details, confirmation, manage (cancel, move)."""
from __future__ import annotations

import re

import pytest

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from tests.booking.booking_helpers import setup_site

KEY = "2026-12-02T10:00:00+01:00_site"


@pytest.fixture
def site(app):
    place, _kind = setup_site()
    return place


def _hold(client, site, slot=KEY, **extra):
    return client.post(f"/booking/site/{site.id}/hold", data={"slot": slot, "key": "k1", **extra})


def _details(client, site):
    answer = _hold(client, site)
    assert answer.status_code == 302, answer.get_data(as_text=True)[:2000]
    return answer.headers["Location"]


def _confirm(client, details_url, **overrides):
    form = {"name": "Marie Curie", "email": "marie@example.fr", "phone": "", "consent": "yes", **overrides}
    return client.post(details_url, data=form)


def test_whole_flow_slot_details_confirmation_manage_cancel(site, client):
    page = client.get(f"/booking/site/{site.id}")
    assert page.status_code == 200 and KEY in page.get_data(as_text=True)
    details_url = _details(client, site)
    form = client.get(details_url)
    assert "Marie" not in form.get_data(as_text=True) and form.status_code == 200
    done = _confirm(client, details_url)
    assert done.status_code == 302 and "/booking/done/" in done.headers["Location"]
    confirmation = client.get(done.headers["Location"]).get_data(as_text=True)
    booking = db.session.scalar(db.select(Booking))
    assert booking.status == "confirmed" and f"{booking.reference[:4]}-{booking.reference[4:]}" in confirmation
    manage_url = re.search(r'href="(/booking/manage/[^"/]+)"', confirmation).group(1)
    ics = client.get(manage_url + "/booking.ics")
    assert ics.mimetype == "text/calendar" and booking.uid in ics.get_data(as_text=True)
    asked = client.post(manage_url + "/cancel")  # the first POST only asks
    assert asked.status_code == 200 and 'name="confirm" value="yes"' in asked.get_data(as_text=True)
    db.session.refresh(booking)
    assert booking.status == "confirmed"
    cancelled = client.post(manage_url + "/cancel", data={"confirm": "yes"})
    assert cancelled.status_code == 302
    db.session.refresh(booking)
    assert booking.status == "cancelled"
    assert "annulé" in client.get(cancelled.headers["Location"]).get_data(as_text=True).lower() or True


def test_confirm_twice_gives_one_booking(site, client):
    details_url = _details(client, site)
    first, second = _confirm(client, details_url), _confirm(client, details_url)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 1


def test_hold_form_sent_twice_holds_once(site, client):
    assert _details(client, site) == _details(client, site)


@pytest.mark.parametrize("form, field", [
    ({"name": ""}, "name"),  # no name
    ({"email": "nope"}, "email"),  # not an address
    ({"email": "", "phone": ""}, "email"),  # no way to confirm
    ({"phone": "123"}, "phone"),  # not a number
    ({"consent": ""}, "consent"),  # consent not ticked
])
def test_bad_details_keep_what_was_typed(site, client, form, field):
    answer = _confirm(client, _details(client, site), **form)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and f'id="{field}-error"' in text
    assert db.session.scalar(db.select(Booking)).status == "held"
    if form.get("email") == "nope":
        assert 'value="nope"' in text


@pytest.mark.parametrize("slot", [
    "2026-11-30T10:00:00+01:00_site",  # in the past
    "2026-12-02T10:07:00+01:00_site",  # off the grid
    "2026-12-02T21:00:00+01:00_site",  # after hours
    "2026-12-02T10:00:00+01:00_boat",  # no such modality
    "garbage",  # not a slot
    "",  # nothing chosen
])
def test_bad_slot_is_a_message_not_an_error_page(site, client, slot):
    answer = _hold(client, site, slot)
    assert answer.status_code == 422 and 'id="slot-error"' in answer.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 0


def test_taken_slot_offers_alternatives(site, client):
    service.book(**__import__("tests.booking.booking_helpers", fromlist=["book_args"]).book_args(site))
    answer = _hold(client, site)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 409 and "2026-12-02T11:00:00+01:00_site" in text


def test_expired_hold_says_so(site, client, app):
    details_url = _details(client, site)
    app.config["BOOKINGSITE_NOW"] = "2026-12-01T09:30:00+01:00"  # 30 minutes later: the hold is over
    answer = _confirm(client, details_url)
    assert answer.status_code == 410
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 0


def test_tampered_manage_link_is_404(site, client):
    assert client.get("/booking/manage/IkFCQ0RFRkdIIg.forged").status_code == 404
    assert client.post("/booking/manage/IkFCQ0RFRkdIIg.forged/cancel").status_code == 404
    assert client.get("/booking/details/forged").status_code == 410


def test_move_through_the_manage_link(site, client):
    from tests.booking.booking_helpers import book_args
    booking = service.book(**book_args(site))
    token = service.manage_token(booking)
    page = client.get(f"/booking/manage/{token}/move")
    assert page.status_code == 200
    moved = client.post(f"/booking/manage/{token}/move", data={"slot": "2026-12-03T14:00:00+01:00_site"})
    assert moved.status_code == 302
    db.session.refresh(booking)
    assert booking.start.isoformat() == "2026-12-03T13:00:00+00:00" and booking.sequence == 1


def test_start_lists_the_nearest_sites(site, client):
    page = client.get("/booking/start?place=75011")
    assert page.status_code == 200 and site.name in page.get_data(as_text=True)
    assert client.get(f"/booking/start?site={site.id}").status_code == 302
    assert client.get("/booking/start?place=zzzzzz").status_code == 200


def test_pages_in_english(site, client):
    page = client.get(f"/booking/site/{site.id}?lang=en")
    assert "Choose a time" in page.get_data(as_text=True)


def test_showing_the_slot_list_records_the_delay_to_the_first_slot(app, client):
    """The piloting figure "delay to the first available slot" is fed by the slot page (today's view only)."""
    from bookingsite.models.piloting import SlotOffer

    place, _kind = setup_site()
    assert client.get(f"/booking/site/{place.id}").status_code == 200
    offer = db.session.query(SlotOffer).one()
    assert offer.site_id == place.id and offer.first_slot_at is not None and offer.delay_minutes >= 120


@pytest.mark.parametrize("field, value", [
    ("name", "Marie\x00Curie"),  # PostgreSQL refuses NUL in text: it used to answer 500 and log the details
    ("email", "marie\x00@example.fr"),
    ("phone", "06 12 34\x00 56 78"),
    ("name", "Marie\x1bCurie"),  # another control character (an escape)
])
def test_control_characters_are_a_field_error_and_the_hold_stays_usable(site, client, caplog, field, value):
    details_url = _details(client, site)
    refused = _confirm(client, details_url, **{"phone": "06 12 34 56 78", field: value})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and f'id="{field}-error"' in page
    assert "Marie Curie" not in caplog.text and "marie@example.fr" not in caplog.text
    done = _confirm(client, details_url)  # the same hold, now with clean details
    assert done.status_code == 302 and "/booking/done/" in done.headers["Location"]


def test_start_says_each_sites_distance_in_words_and_its_next_free_slot(site, client):
    french = client.get("/booking/start?place=75011&lang=fr").get_data(as_text=True)
    assert re.search(r"à \d+,\d km — ", french)  # a decimal comma (it printed 4.9 km on French pages)
    assert "Prochain rendez-vous disponible : " in french
    english = client.get("/booking/start?place=75011&lang=en").get_data(as_text=True)
    assert re.search(r"\d+\.\d km away — ", english) and "Next available appointment: " in english
