"""The API's secret keys against the publishable widget id: only a live key books or cancels; rate limits per
key, per address, and one budget per address for every invalid key."""
from __future__ import annotations

import random

import pytest

from bookingsite.directory.keys import hash_api_key
from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from bookingsite.models.directory import Partner
from tests.factories import make_partner
from tests.widget.helpers import API_KEY, WIDGET_ID, partner_site, printed_key

SLOT = "2026-12-02T10:00:00+01:00"  # a Wednesday morning: open, free, beyond the minimum notice


@pytest.fixture
def site(app, httpserver):
    _, site = partner_site(httpserver)
    db.session.commit()
    return site


def body(site) -> dict:
    return {"site_id": site.id, "start": SLOT, "type": "first", "modality": "site", "name": "Jeanne Martin",
            "email": "jeanne@example.org", "consent": True}


def book(client, site, key: str | None):
    return client.post("/api/v1/bookings", json=body(site), headers={"X-Api-Key": key} if key else {})


def test_the_api_key_books_for_the_partner(site, client):
    response = book(client, site, API_KEY)
    assert response.status_code == 201, response.get_json()
    booking = db.session.scalars(db.select(Booking)).one()
    assert booking.reference == response.get_json()["reference"]
    assert booking.partner_id is not None and booking.channel == "widget"


@pytest.mark.parametrize("key", [
    WIDGET_ID,  # the publishable widget id, public in the partner's HTML, opens no API call
    "wrong-key",  # not a key we issued
    None,  # no key at all
])
def test_anything_but_the_api_key_answers_401_in_json(site, client, key):
    response = book(client, site, key)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert client.delete("/api/v1/bookings/ABCDEFGH", headers={"X-Api-Key": key or ""}).status_code == 401
    assert db.session.query(Booking).count() == 0


def test_an_inactive_partner_key_answers_401(site, client):
    for partner in db.session.scalars(db.select(Partner)):
        partner.active = False
    db.session.commit()
    assert book(client, site, API_KEY).status_code == 401


def test_a_rotated_key_replaces_the_old_one(site, app, client):
    partner_id = db.session.scalars(db.select(Partner.id)).one()
    result = app.test_cli_runner().invoke(args=["partners", "rotate-key", partner_id])
    assert result.exit_code == 0, result.output
    assert book(client, site, API_KEY).status_code == 401  # the old key
    assert book(client, site, printed_key(result.output)).status_code == 201


def test_a_revoked_key_answers_401(site, app, client):
    partner_id = db.session.scalars(db.select(Partner.id)).one()
    assert app.test_cli_runner().invoke(args=["partners", "revoke-key", partner_id]).exit_code == 0
    assert book(client, site, API_KEY).status_code == 401


# Rate limits: cancelling an unknown reference (404 with a key, 401 without) costs what a booking costs.

def _limited_app(make_app, per_key: str, per_address: str):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_API_KEY=per_key, RATELIMIT_API_ADDRESS=per_address)
    with app.app_context():
        for name in ("p1", "p2"):
            make_partner(id=f"{name}-{random.randrange(10**9)}", api_key_hash=hash_api_key(f"sk_{name}"))
        db.session.commit()
    return app


def _address() -> str:
    """An address of its own for each test (a Redis storage would keep counters between runs)."""
    return f"10.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(1, 254)}"


def cancel(client, key: str | None, address: str):
    return client.delete("/api/v1/bookings/ABCDEFGH", headers={"X-Api-Key": key} if key else {},
                         environ_base={"REMOTE_ADDR": address})


def _refused(response) -> bool:
    return response.status_code == 429 and response.get_json()["error"]["code"] == "rate_limited"


def test_each_key_has_its_budget_wherever_it_calls_from(make_app):
    client = _limited_app(make_app, per_key="2/minute", per_address="100/minute").test_client()
    assert [cancel(client, "sk_p1", _address()).status_code for _ in range(2)] == [404, 404]
    assert _refused(cancel(client, "sk_p1", _address()))  # a third address: the key's budget is spent
    assert _refused(client.post("/api/v1/bookings", json={}, headers={"X-Api-Key": "sk_p1"},
                                environ_base={"REMOTE_ADDR": _address()}))  # booking and cancelling share it
    assert cancel(client, "sk_p2", _address()).status_code == 404  # another partner's key is not affected


def test_invalid_keys_share_one_budget_per_address(make_app):
    client = _limited_app(make_app, per_key="2/minute", per_address="100/minute").test_client()
    here, elsewhere = _address(), _address()
    assert [cancel(client, key, here).status_code for key in ("sk_guess1", None)] == [401, 401]
    assert _refused(cancel(client, "sk_guess2", here))  # a new guess gets no new budget
    assert cancel(client, "sk_guess3", elsewhere).status_code == 401  # another address has its own
    assert cancel(client, "sk_p1", here).status_code == 404  # a valid key from here still has its own


def test_each_address_has_one_budget_for_all_its_keys(make_app):
    client = _limited_app(make_app, per_key="100/minute", per_address="3/minute").test_client()
    here = _address()
    assert [cancel(client, key, here).status_code for key in ("sk_p1", "sk_p2", "sk_nope")] == [404, 404, 401]
    assert _refused(cancel(client, "sk_p1", here))
    assert cancel(client, "sk_p1", _address()).status_code == 404
