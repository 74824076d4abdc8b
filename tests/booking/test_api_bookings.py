"""POST /api/v1/bookings and DELETE /api/v1/bookings/REFERENCE: partner keys, 201/409/422/401/404."""
from __future__ import annotations

import pytest

from bookingsite.directory.keys import hash_api_key
from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from bookingsite.vocabulary import PRIVACY_NOTICE_VERSION
from tests.booking.booking_helpers import SLOT, setup_site
from tests.factories import make_partner

KEY = "pk_test-partner-key"


@pytest.fixture
def site(app):
    place, _kind = setup_site()
    make_partner(id="p1", api_key_hash=hash_api_key(KEY))
    make_partner(id="p2", api_key_hash=hash_api_key("pk_other"))
    db.session.commit()
    return place


def body(site, **overrides) -> dict:
    values = {"site_id": site.id, "start": SLOT.isoformat(), "type": "first", "modality": "site",
              "name": "Ada Lovelace", "email": "ada@example.fr", "consent": True}
    return {**values, **overrides}


def post(client, payload, key=KEY, **headers):
    return client.post("/api/v1/bookings", json=payload, headers={"X-Api-Key": key, **headers} if key else headers)


def test_books_a_free_slot_for_the_partner(site, client):
    answer = post(client, body(site))
    assert answer.status_code == 201, answer.json
    data = answer.json
    assert data["status"] == "confirmed" and data["start"] == "2026-12-02T10:00:00+01:00"
    assert data["end"] == "2026-12-02T11:00:00+01:00" and len(data["reference"]) == 8
    assert data["manage_url"].startswith("http://localhost/booking/manage/") and data["ics_url"].endswith(".ics")
    row = db.session.scalar(db.select(Booking))
    assert (row.channel, row.partner_id, row.consent_version) == ("widget", "p1", PRIVACY_NOTICE_VERSION)


def test_slot_taken_answers_409_with_alternatives(site, client):
    assert post(client, body(site)).status_code == 201
    answer = post(client, body(site, name="Grace Hopper", email="grace@example.fr"))
    assert answer.status_code == 409
    assert answer.json["error"]["code"] == "slot_taken"
    assert answer.json["alternatives"][0] == {"start": "2026-12-02T11:00:00+01:00",
                                              "end": "2026-12-02T12:00:00+01:00", "modality": "site"}


def test_same_request_twice_gives_the_same_booking(site, client):
    first = post(client, body(site), **{"Idempotency-Key": "abc"})
    again = post(client, body(site), **{"Idempotency-Key": "abc"})
    assert first.status_code == again.status_code == 201 and first.json["reference"] == again.json["reference"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 1


def _roomy_site():
    """A site whose agenda takes two people at once (a second booking of the slot is possible)."""
    place, _kind = setup_site(capacity=2)
    db.session.commit()
    return place


@pytest.mark.parametrize("capacity, contact", [
    (1, {"email": "ada@example.fr"}),  # the victim's e-mail, the slot then full
    (1, {"email": None, "phone": "06 12 34 56 78"}),  # the victim's phone, the slot then full
    (2, {"email": "ada@example.fr"}),  # the victim's e-mail, room for a second person
    (2, {"email": None, "phone": "06 12 34 56 78"}),  # the victim's phone, room for a second person
])
def test_a_booking_is_never_handed_to_another_caller(site, client, capacity, contact):
    place = site if capacity == 1 else _roomy_site()
    victim = post(client, body(place, phone="06 12 34 56 78"), key="pk_other").json
    answer = post(client, body(place, name="Mallory", **contact))  # another partner, no key, any name
    text = answer.get_data(as_text=True)
    assert victim["reference"] not in text and victim["manage_url"] not in text
    assert answer.status_code == (409 if capacity == 1 else 201)


def test_the_same_person_again_without_a_key_is_409_duplicate_booking(site, client):
    place = _roomy_site()
    assert post(client, body(place)).status_code == 201
    again = post(client, body(place), key="pk_other")
    assert again.status_code == 409 and again.json["error"]["code"] == "duplicate_booking"
    assert "reference" not in again.json and "manage_url" not in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 1  # no hold left behind


def test_another_partners_idempotency_key_gives_its_own_booking(site, client):
    place = _roomy_site()
    mine = post(client, body(place), **{"Idempotency-Key": "abc"}).json
    theirs = post(client, body(place, name="Mallory"), key="pk_other", **{"Idempotency-Key": "abc"})
    assert theirs.status_code == 201 and theirs.json["reference"] != mine["reference"]


def test_a_long_idempotency_key_of_a_long_partner_id_is_kept(site, client):
    """The stored key is a digest: 80 characters of key and a 64-character partner id fit (PostgreSQL too)."""
    make_partner(id="p" * 64, api_key_hash=hash_api_key("pk_long"))
    db.session.commit()
    key = {"Idempotency-Key": "k" * 80}
    first, again = post(client, body(site), key="pk_long", **key), post(client, body(site), key="pk_long", **key)
    assert first.status_code == again.status_code == 201 and first.json["reference"] == again.json["reference"]


@pytest.mark.parametrize("key", [None, "pk_wrong", ""])  # missing, unknown, empty key
def test_refuses_without_a_valid_key(site, client, key):
    answer = post(client, body(site), key=key)
    assert answer.status_code == 401 and answer.json["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("overrides, field", [
    ({"consent": False}, "consent"),  # consent not given
    ({"start": "2026-12-02T10:00:00"}, "start"),  # no offset
    ({"start": "tomorrow"}, "start"),  # not a time
    ({"start": "2026-11-30T10:00:00+01:00"}, "start"),  # in the past
    ({"start": "2026-12-02T10:07:00+01:00"}, "start"),  # off the grid
    ({"start": "2026-12-02T20:00:00+01:00"}, "start"),  # after hours
    ({"start": "2026-12-05T10:00:00+01:00"}, "start"),  # a Saturday: closed
    ({"site_id": "nowhere"}, "site_id"),  # unknown site
    ({"type": "nope"}, "type"),  # unknown type
    ({"modality": "teleport"}, "modality"),  # no such modality
    ({"email": "not-an-address"}, "email"),  # bad e-mail
    ({"email": None, "phone": "12"}, "phone"),  # bad phone
    ({"email": None}, "email"),  # neither e-mail nor phone
    ({"name": ""}, "name"),  # no name
    ({"modality": "phone"}, "phone"),  # a phone appointment needs a number
    ({"prequal_id": "not-a-prequal"}, "prequal_id"),  # unknown questionnaire
    ({"name": 12}, "name"),  # wrong JSON type
])
def test_bad_input_is_422_naming_the_field_and_writes_nothing(site, client, overrides, field):
    answer = post(client, body(site, **overrides))
    assert answer.status_code == 422, answer.json
    assert answer.json["error"]["field"] == field and answer.json["error"]["message"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 0


def test_not_json_is_400(site, client):
    answer = client.post("/api/v1/bookings", data="nope", headers={"X-Api-Key": KEY})
    assert answer.status_code == 400 and answer.json["error"]["code"] == "invalid_json"


def test_delete_cancels_only_the_partners_own_booking(site, client):
    reference = post(client, body(site)).json["reference"]
    other = client.delete(f"/api/v1/bookings/{reference}", headers={"X-Api-Key": "pk_other"})
    assert other.status_code == 404
    answer = client.delete(f"/api/v1/bookings/{reference}", headers={"X-Api-Key": KEY})
    assert answer.status_code == 200 and answer.json["status"] == "cancelled"
    assert client.delete(f"/api/v1/bookings/{reference}", headers={"X-Api-Key": KEY}).json["status"] == "cancelled"
    assert client.delete("/api/v1/bookings/ZZZZZZZZ", headers={"X-Api-Key": KEY}).status_code == 404
    assert client.delete(f"/api/v1/bookings/{reference}").status_code == 401
    # the time is free again
    assert post(client, body(site, name="Grace Hopper", email="grace@example.fr")).status_code == 201


def test_openapi_documents_the_booking_calls(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "post" in paths["/bookings"] and "delete" in paths["/bookings/{reference}"]


@pytest.mark.parametrize("overrides, field", [
    ({"name": "Ada\x00Lovelace"}, "name"),  # NUL: PostgreSQL refused it with a 500 that logged the details
    ({"email": "ada\x07@example.fr"}, "email"),  # a bell
    ({"name": "Ada \ud800"}, "name"),  # a lone surrogate, which has no UTF-8 form
])
def test_control_characters_in_the_body_are_a_422_naming_the_field(site, client, caplog, overrides, field):
    answer = post(client, body(site, **overrides))
    assert answer.status_code == 422 and answer.json["error"]["field"] == field
    assert "Lovelace" not in caplog.text and db.session.scalar(db.select(Booking)) is None
    assert post(client, body(site)).status_code == 201  # the slot is still free


def test_a_body_nested_beyond_the_parser_is_a_400(site, client):
    answer = client.post("/api/v1/bookings", data="[" * 200_000 + "]" * 200_000, content_type="application/json",
                         headers={"X-Api-Key": KEY})
    assert answer.status_code == 400 and answer.json["error"]["code"] == "bad_json"
