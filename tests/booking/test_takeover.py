"""Issue 14, findings 1 and 5: a booking is never handed to a caller who did not create it.

Only the caller's own idempotency key (a partner's key, a widget flow, an agent's form, a browser session's form)
gives back a booking; the same person booking the same slot again is refused; a failed booking leaves no hold.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy.exc import OperationalError

from bookingsite.availability import claims
from bookingsite.booking import confirm, service
from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from tests.booking.booking_helpers import book_args, setup_site

SLOT_KEY = "2026-12-02T10:00:00+01:00_site"
ATTACKER_KEY = "chosen-by-attacker"


@pytest.fixture
def roomy(app):
    """A site whose one agenda takes two people at once: a second booking of the slot is possible."""
    place, _kind = setup_site(capacity=2)
    return place


def _count(status: str) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Booking).where(Booking.status == status))


@pytest.mark.parametrize("details", [
    {"name": "Mallory", "email": "marie@example.fr", "phone": None},  # the victim's e-mail, another name
    {"name": "Mallory", "email": None, "phone": "06 12 34 56 78"},  # the victim's phone alone
    {"name": "Marie Curie", "email": "marie@example.fr", "phone": None},  # the victim's name and e-mail, no phone
])
def test_booking_with_someone_elses_contact_never_returns_their_booking(roomy, details):
    victim = service.book(**book_args(roomy))
    other = service.book(**book_args(roomy, **details))
    assert other.id != victim.id and other.reference != victim.reference
    assert _count("confirmed") == 2


@pytest.mark.parametrize("details", [
    {},  # exactly the same details
    {"name": "  marie   CURIE ", "email": "MARIE@example.fr"},  # the same, in other case and spacing
])
def test_the_same_person_and_slot_again_is_refused(roomy, details):
    service.book(**book_args(roomy))
    with pytest.raises(service.DuplicateBooking):
        service.book(**book_args(roomy, **details))
    assert (_count("confirmed"), _count("held")) == (1, 0)  # and the refused attempt's hold is gone


def test_only_the_callers_own_key_gives_the_booking_back(roomy):
    mine = service.caller_key("api", "p1", "abc")
    first = service.book(**book_args(roomy, idempotency_key=mine))
    assert service.book(**book_args(roomy, idempotency_key=mine)).id == first.id
    theirs = service.book(**book_args(roomy, name="Mallory", idempotency_key=service.caller_key("api", "p2", "abc")))
    assert theirs.id != first.id


def test_a_failed_booking_releases_its_hold(roomy, monkeypatch):
    """A database error after the hold (here while confirming) must not leave the time blocked."""
    def broken(*args, **kwargs):
        raise OperationalError("INSERT INTO agenda_slot_claim", {}, Exception("disk I/O error"))

    monkeypatch.setattr(confirm, "pick_agenda", broken)
    with pytest.raises(OperationalError):
        service.book(**book_args(roomy))
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 0
    assert claims.count_claims(roomy.agendas[0].id) == 0


# The web form (finding 5): the form's key lives in the session, and a hold opens only in the session that made it.

def _book_on_the_web(client, site, key: str) -> str:
    """Hold and confirm the 10:00 slot with this form key; the confirmation's address."""
    held = client.post(f"/booking/site/{site.id}/hold", data={"slot": SLOT_KEY, "key": key})
    assert held.status_code == 302, held.get_data(as_text=True)[:500]
    done = client.post(held.headers["Location"], data={"name": "Marie Curie", "email": "marie@example.fr",
                                                       "consent": "yes"})
    assert done.status_code == 302 and "/booking/done/" in done.headers["Location"]
    return done.headers["Location"]


def test_a_key_in_the_address_is_not_the_forms_key(app, client):
    place, _kind = setup_site()
    page = client.get(f"/booking/site/{place.id}?key={ATTACKER_KEY}").get_data(as_text=True)
    keys = set(re.findall(r'name="key" value="([^"]+)"', page))
    assert keys and ATTACKER_KEY not in keys


@pytest.mark.parametrize("capacity", [
    1,  # the slot is full once the victim has it: the attacker is told it is taken
    2,  # there is room: the attacker gets a hold of their own
])
def test_posting_the_victims_form_key_never_reaches_the_victims_booking(app, capacity):
    place, _kind = setup_site(capacity=capacity)
    victim, attacker = app.test_client(), app.test_client()
    victim_done = _book_on_the_web(victim, place, ATTACKER_KEY)
    answer = attacker.post(f"/booking/site/{place.id}/hold", data={"slot": SLOT_KEY, "key": ATTACKER_KEY})
    if capacity == 1:
        assert answer.status_code == 409
    else:
        assert answer.status_code == 302
        followed = attacker.get(answer.headers["Location"])
        assert followed.status_code == 200 and "/booking/done/" not in followed.headers.get("Location", "")
    assert victim_done.rsplit("/", 1)[1] not in answer.get_data(as_text=True)


def test_a_details_address_opens_only_in_the_session_that_held_it(app):
    place, _kind = setup_site()
    owner, stranger = app.test_client(), app.test_client()
    held = owner.post(f"/booking/site/{place.id}/hold", data={"slot": SLOT_KEY, "key": "k1"})
    details_url = held.headers["Location"]
    assert stranger.get(details_url).status_code == 410
    refused = stranger.post(details_url, data={"name": "Mallory", "email": "m@example.fr", "consent": "yes"})
    assert refused.status_code == 410 and _count("confirmed") == 0
    assert owner.post(details_url, data={"name": "Marie Curie", "email": "marie@example.fr",
                                         "consent": "yes"}).status_code == 302
    after = stranger.get(details_url)  # once confirmed, the details address would lead to the manage link
    assert after.status_code == 410 and "/booking/done/" not in after.headers.get("Location", "")


def test_the_web_form_refuses_the_same_person_twice(app):
    place, _kind = setup_site(capacity=2)
    first, second = app.test_client(), app.test_client()
    _book_on_the_web(first, place, "k1")
    held = second.post(f"/booking/site/{place.id}/hold", data={"slot": SLOT_KEY, "key": "k2"})
    again = second.post(held.headers["Location"], data={"name": "Marie Curie", "email": "marie@example.fr",
                                                        "consent": "yes"})
    text = again.get_data(as_text=True)
    assert again.status_code == 409 and 'id="name-error"' in text and 'value="marie@example.fr"' in text
    assert "/booking/manage/" not in text and _count("confirmed") == 1
