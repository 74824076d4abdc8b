"""One person's data on request: found by the exact normalised address or number, by supervisors only, audited."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.models.agent import AuditEntry
from bookingsite.models.booking import Booking
from tests.booking.booking_helpers import book_args, setup_site
from tests.booking.overseas_helpers import book_overseas
from tests.staff.staff_helpers import login, make_agent

# Four people; two addresses differ only where "_" stands in the other (a LIKE wildcard for one character).
PEOPLE = {"bob": ("bob_m@example.org", "06 11 11 11 11"), "bobx": ("bobxm@example.org", "06 22 22 22 22"),
          "case": ("Jeanne.Dupont@Example.org", "06 33 33 33 33"), "other": ("alice@example.net", "06 44 44 44 44")}


@pytest.fixture
def people(app):
    """One booking per person, all at the same time on an agenda of four advisors; name -> reference."""
    site, _kind = setup_site(capacity=len(PEOPLE))
    references = {}
    for name, (email, phone) in PEOPLE.items():
        booking = service.book(**book_args(site, name=name, email=email, phone=phone))
        references[name] = booking.reference
    return references


def _export(client, **data):
    return client.post("/piloting/personal-data", data={"action": "export", **data})


@pytest.mark.parametrize("data, found", [
    ({"email": "bob_m@example.org"}, {"bob"}),  # "_" is a character, not a wildcard: bobxm is not bob_m
    ({"email": "BOB_M@EXAMPLE.ORG"}, {"bob"}),  # the same address typed in capitals
    ({"email": "jeanne.dupont@example.org"}, {"case"}),  # stored with capitals, typed without
    ({"phone": "+33 6 11 11 11 11"}, {"bob"}),  # the number in another notation
    ({"email": "alice@example.net", "phone": "0611111111"}, {"other", "bob"}),  # both identifiers given
])
def test_the_person_is_found_by_the_exact_identifier(app, client, people, data, found):
    login(client, make_agent(role="supervisor"))
    response = _export(client, **data)
    assert response.status_code == 200
    references = {b["reference"] for b in json.loads(response.get_data(as_text=True))["bookings"]}
    assert references == {people[name] for name in found}


@pytest.mark.parametrize("data, field", [
    ({"email": "%"}, "email"),  # a bare wildcard is not an address
    ({"email": "%@example.org"}, "email"),  # a valid address nobody has: finds nobody, not everybody
    ({"email": "bob%"}, "email"),  # a prefix pattern is not an address either
    ({"email": "%m@example.org"}, "email"),  # nor does a pattern match bob_m and bobxm
    ({"phone": "%"}, "phone"),  # not a number
    ({"phone": "06 11"}, "phone"),  # part of a number
])
def test_wildcards_and_fragments_find_nobody(app, client, people, data, field):
    login(client, make_agent(role="supervisor"))
    response = _export(client, **data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert not db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("privacy%"))).all()


@pytest.mark.parametrize("role, status", [
    ("agent", 403),  # a desk agent neither exports nor erases
    ("supervisor", 200),  # a supervisor does
    ("admin", 200),  # an admin does
])
def test_only_supervisors_export_or_erase(app, client, people, role, status):
    login(client, make_agent(role=role))
    assert client.get("/piloting/personal-data").status_code == status
    assert _export(client, email="bob_m@example.org").status_code == status
    erase = client.post("/piloting/personal-data", data={"email": "bob_m@example.org", "action": "erase",
                                                         "confirm": "yes"})
    assert erase.status_code == status
    kept = db.session.scalar(select(Booking.email).where(Booking.reference == people["bob"]))
    assert (kept is None) == (status == 200)


def test_export_and_erase_are_audited_without_the_identifiers(app, client, people):
    supervisor = make_agent(role="supervisor")
    login(client, supervisor)
    _export(client, email="bob_m@example.org", phone="06 11 11 11 11")
    client.post("/piloting/personal-data", data={"phone": "06 22 22 22 22", "action": "erase", "confirm": "yes"})
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("privacy%"))
                                 .order_by(AuditEntry.id)).all()
    assert [(e.agent_id, e.action, e.booking_reference, e.details) for e in entries] == [
        (supervisor.id, "privacy_export", people["bob"], {"by": "email+phone"}),
        (supervisor.id, "privacy_erase", people["bobx"], {"by": "phone"}),
    ]


@pytest.mark.parametrize("where, typed", [
    ("guadeloupe", "0690 12 34 56"),  # a Guadeloupe mobile typed nationally, by a national supervisor
    ("reunion", "0692123456"),  # a La Réunion mobile, typed without spaces
    ("reunion", "+262 692 12 34 56"),  # ... or with its country code
])
def test_an_overseas_booking_is_exported_and_erased_by_its_local_number(app, client, where, typed):
    booking = book_overseas(where, email="overseas@example.org")
    login(client, make_agent(role="supervisor"))
    response = _export(client, phone=typed)
    assert response.status_code == 200
    assert [b["reference"] for b in json.loads(response.get_data(as_text=True))["bookings"]] == [booking.reference]
    erase = client.post("/piloting/personal-data", data={"phone": typed, "action": "erase", "confirm": "yes"})
    assert erase.status_code == 200
    db.session.expire_all()
    kept = db.session.get(Booking, booking.id)
    assert (kept.phone, kept.email, kept.name) == (None, None, None) and kept.anonymised_at is not None
