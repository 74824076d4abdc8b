"""The desk's search ignores accents and case, with the same answers on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.models.agent import AuditEntry
from bookingsite.models.booking import Booking
from bookingsite.prequal.place import resolve_place
from bookingsite.privacy.personal_data import purge
from tests.booking.booking_helpers import book_args, setup_site
from tests.staff.staff_helpers import login

NAMES = ("Gaël Le Gall", "Hélène Lefèvre", "Étienne Dupré", "Noémie Œuvray", "Jean-Pierre Martin")


@pytest.fixture
def people(app):
    """One confirmed booking per name on the same site; their references by name."""
    site, _kind = setup_site()
    found = {}
    for hour, name in zip((9, 10, 11, 14, 15), NAMES, strict=True):  # open hours, around lunch
        start = datetime(2026, 12, 2, hour, 0, tzinfo=ZoneInfo("Europe/Paris"))
        found[name] = service.book(**book_args(site, start=start, name=name)).reference
    return found


@pytest.mark.parametrize("typed, expected", [
    ("gael", ["Gaël Le Gall"]),                 # no diaeresis
    ("GAËL", ["Gaël Le Gall"]),                 # capitals, with it
    ("LEFEVRE", ["Hélène Lefèvre"]),            # capitals, no accent
    ("lefèvre", ["Hélène Lefèvre"]),            # as written
    ("etienne", ["Étienne Dupré"]),             # the accented capital typed plain
    ("helene", ["Hélène Lefèvre"]),             # two accents missing
    ("oeuvray", ["Noémie Œuvray"]),             # the ligature typed as two letters
    ("jean pierre", ["Jean-Pierre Martin"]),    # a space for the hyphen
    ("le gall", ["Gaël Le Gall"]),              # part of the name, across a space
    ("é", []),                                  # too short once folded: nothing searched
    ("zzz", []),                                # nobody
    ("100%", []),                               # a pattern character is a plain character
])
def test_search_ignores_accents_and_case(people, client, agent, typed, expected):
    login(client, agent)
    response = client.post("/agent/bookings", data={"q": typed})
    page = response.get_data(as_text=True)
    shown = sorted(name for name, reference in people.items() if f"/agent/bookings/{reference}" in page)
    assert shown == expected
    assert response.status_code == (422 if typed == "é" else 200)
    details = [str(e.details) for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action == "search"))]
    assert typed.lower() not in " ".join(details).lower()  # what was typed is never logged


def test_the_folded_name_follows_the_name_and_goes_with_it(people, app):
    booking = db.session.scalars(select(Booking).where(Booking.reference == people["Gaël Le Gall"])).one()
    assert booking.name_folded == "gael le gall"
    booking.name = "Anaïs Le Gall"  # corrected at the desk
    db.session.commit()
    assert booking.name_folded == "anais le gall"
    purge(db.session, datetime(2028, 1, 1, tzinfo=ZoneInfo("UTC")), 365)  # the retention purge: one bulk UPDATE
    db.session.expire_all()
    assert db.session.scalars(select(Booking.name_folded).where(Booking.name_folded.is_not(None))).all() == []


@pytest.mark.parametrize("typed", [
    "Saint-Étienne",   # as written
    "SAINT ETIENNE",   # capitals, no accent, no hyphen
    "st etienne",      # the usual abbreviation
])
def test_the_desks_place_search_ignores_accents_and_case(typed):
    """The caller's commune at the desk goes through the same folding (the place resolver of the questionnaire)."""
    assert resolve_place(typed).insee == "42218"
