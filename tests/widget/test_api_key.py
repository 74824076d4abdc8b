"""The partner's key from the widget side: POST /api/v1/bookings books for the partner; a wrong key gets 401."""
import pytest

from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from tests.widget.helpers import KEY, partner_site

SLOT = "2026-12-02T10:00:00+01:00"  # a Wednesday morning: open, free, beyond the minimum notice


@pytest.fixture
def site(app, httpserver):
    _, site = partner_site(httpserver)
    db.session.commit()
    return site


def body(site) -> dict:
    return {"site_id": site.id, "start": SLOT, "type": "first", "modality": "site", "name": "Jeanne Martin",
            "email": "jeanne@example.org", "consent": True}


def test_the_partner_key_books_for_the_partner(site, client):
    response = client.post("/api/v1/bookings", json=body(site), headers={"X-Api-Key": KEY})
    assert response.status_code == 201, response.get_json()
    booking = db.session.scalars(db.select(Booking)).one()
    assert booking.reference == response.get_json()["reference"]
    assert booking.partner_id is not None and booking.channel == "widget"


@pytest.mark.parametrize("headers", [
    {"X-Api-Key": "wrong-key"},  # not a key we issued
    {},  # no key at all
])
def test_a_wrong_key_answers_401_in_json(site, client, headers):
    response = client.post("/api/v1/bookings", json=body(site), headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert db.session.query(Booking).count() == 0


def test_an_inactive_partner_key_answers_401(site, client):
    from bookingsite.models.directory import Partner

    for partner in db.session.scalars(db.select(Partner)):
        partner.active = False
    db.session.commit()
    assert client.post("/api/v1/bookings", json=body(site), headers={"X-Api-Key": KEY}).status_code == 401
