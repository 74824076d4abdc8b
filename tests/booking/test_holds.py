"""Issue 14, finding 11: slots held on the website are capped per browser session and per client address."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bookingsite.availability import claims
from bookingsite.booking.holds import address_key
from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from tests.booking.booking_helpers import SLOT, setup_site

SECRET = "test-secret"


def slot_key(hours: int = 0, days: int = 0) -> str:
    """The form value of the slot ``hours`` and ``days`` after Wednesday 10:00."""
    return f"{(SLOT + timedelta(hours=hours, days=days)).isoformat()}_site"


def open_slots(count: int) -> list[str]:
    """``count`` slot keys of the site's open hours (weekdays 9:00-12:30, 13:30-17:30) from Wednesday on."""
    days = [d for d in range(21) if (SLOT + timedelta(days=d)).weekday() < 5]
    return [slot_key(hours=h, days=d) for d in days for h in (-1, 0, 1, 4, 5, 6)][:count]


def hold(client, site, slot: str, address: str = "127.0.0.1"):
    return client.post(f"/booking/site/{site.id}/hold", data={"slot": slot, "key": "k"},
                       environ_base={"REMOTE_ADDR": address})


def held() -> list[Booking]:
    return list(db.session.scalars(db.select(Booking).where(Booking.status == "held").order_by(Booking.start)))


@pytest.mark.parametrize("first, second, same", [
    ("203.0.113.7", "203.0.113.7", True),  # the same IPv4 address
    ("203.0.113.7", "203.0.113.8", False),  # two IPv4 addresses
    ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", True),  # one IPv6 subscriber's /64
    ("2001:db8:1:2::1", "2001:db8:1:3::1", False),  # two /64 networks
    ("::ffff:203.0.113.7", "203.0.113.7", True),  # an IPv4 client seen through an IPv6 socket
    ("not an address", "not an address", True),  # unreadable (never a crash)
])
def test_address_key_groups_a_clients_network(first, second, same):
    assert (address_key(first, SECRET) == address_key(second, SECRET)) is same
    assert "203.0.113" not in address_key(first, SECRET)  # a keyed hash: the address is not stored


def test_a_session_keeps_a_few_holds_at_most(make_app):
    app = make_app(MAX_HOLDS_PER_SESSION=2)
    with app.app_context():
        sites = [setup_site()[0] for _ in range(3)]
        client = app.test_client()
        assert [hold(client, s, slot_key()).status_code for s in sites] == [302, 302, 429]
        refused = hold(client, sites[2], slot_key()).get_data(as_text=True)
        assert 'id="slot-error"' in refused and "2" in refused
        assert len(held()) == 2


def test_a_new_hold_at_the_same_site_lets_go_of_the_previous_one(app, client):
    site, _kind = setup_site()
    assert hold(client, site, slot_key()).status_code == 302
    assert hold(client, site, slot_key(hours=1)).status_code == 302  # went back, picked 11:00
    assert [b.start for b in held()] == [SLOT + timedelta(hours=1)]
    assert claims.count_claims(site.agendas[0].id) == 12  # one hour of 5-minute cells: the 10:00 hold is gone
    other = app.test_client()
    assert hold(other, site, slot_key()).status_code == 302  # so 10:00 is free for someone else


def test_an_address_keeps_a_capped_number_of_holds(make_app):
    app = make_app(MAX_HOLDS_PER_ADDRESS=3)
    with app.app_context():
        site, _kind = setup_site()
        # A fresh session each time (a client dropping its cookie): only the address cap applies.
        slots = open_slots(6)
        answers = [hold(app.test_client(), site, slot).status_code for slot in slots[:5]]
        assert answers == [302, 302, 302, 429, 429]
        assert hold(app.test_client(), site, slots[5], "198.51.100.4").status_code == 302  # another address
        assert len(held()) == 4


def test_one_address_cannot_block_a_sites_week(app):
    """The review's case: one address holding ~100 slots. With the default cap, the 21st hold is refused."""
    site, _kind = setup_site()
    codes = [hold(app.test_client(), site, slot).status_code for slot in open_slots(25)]
    assert codes.count(302) == 20 and set(codes[20:]) == {429}


def test_confirming_forgets_the_address_and_frees_its_place(make_app):
    app = make_app(MAX_HOLDS_PER_ADDRESS=1)
    with app.app_context():
        site, _kind = setup_site()
        client = app.test_client()
        details = hold(client, site, slot_key()).headers["Location"]
        client.post(details, data={"name": "Marie Curie", "email": "marie@example.fr", "consent": "yes"})
        booking = db.session.scalars(db.select(Booking)).one()
        assert booking.status == "confirmed" and booking.hold_address is None
        assert hold(app.test_client(), site, slot_key(hours=1)).status_code == 302


def test_the_slot_page_says_how_long_and_how_many(app, client):
    site, _kind = setup_site()
    page = client.get(f"/booking/site/{site.id}?lang=en").get_data(as_text=True)
    assert "for 10 minutes" in page and "3 times at most" in page
