"""Bookings at the desk: search within scope, the booking page, cancel, move, resend, the day view."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bookingsite.agent.lookup import Query, parse_query
from bookingsite.extensions import db
from bookingsite.models.agent import AuditEntry
from bookingsite.models.booking import Booking
from tests.agent.desk_helpers import EMPLOYEE, SLOT, answer_call, first_slot, lyon_site
from tests.booking.overseas_helpers import OVERSEAS, book_overseas
from tests.factories import make_operator
from tests.staff.staff_helpers import login, make_agent


@pytest.mark.parametrize("text, expected", [
    ("K7QX-4MZP", Query("reference", "K7QX4MZP")),                   # a reference, as read out
    ("k7qx 4mzp", Query("reference", "K7QX4MZP")),                   # lower case, with a space
    ("Jeanne.Martin@Example.org", Query("email", "Jeanne.Martin@example.org")),  # domain normalised
    ("06 12 34 56 78", Query("phone", "+33612345678", phones=("+33612345678",))),  # a French mobile, to E.164
    ("0690 12 34 56", Query("phone", "+590690123456", phones=("+590690123456",))),  # Guadeloupe's, to +590
    ("02 69 60 12 34", Query("phone", "+33269601234", phones=("+33269601234", "+262269601234"))),  # or Mayotte
    ("Martin", Query("name", "martin")),                             # a name, folded as stored names are
    ("  Jeanne   Martin ", Query("name", "jeanne martin")),          # spaces squeezed
    ("GAËL", Query("name", "gael")),                                  # case and accents folded
    ("Lefèvre-Dupré", Query("name", "lefevre dupre")),                # a hyphen is a space
    ("é.", None),                                                    # too short once folded
    ("x", None),                                                     # too short
    ("", None),                                                      # nothing
])
def test_parse_query(text, expected):
    assert parse_query(text) == expected


@pytest.fixture
def booked(app, client, agent):
    """A booking made at the desk by ``agent`` (logged in on ``client``) at the Lyon site."""
    site, _kind = lyon_site()
    login(client, agent)
    outcome = answer_call(client, EMPLOYEE)
    page = client.get(outcome).get_data(as_text=True)
    client.post(outcome + "/book", data={"site": site.id, "slot": first_slot(page), "name": "Jeanne Martin",
                                         "phone": "06 12 34 56 78", "email": "jeanne@example.org",
                                         "confirm": "email", "consent": "yes"})
    return db.session.scalars(select(Booking)).one()


@pytest.mark.parametrize("query", [
    "reference",         # by reference (filled in below)
    "martin",            # by part of the name, any case
    "06.12.34.56.78",    # by phone, as typed
    "JEANNE@example.org",  # by e-mail, any case
])
def test_search_finds_the_booking(booked, client, query):
    query = booked.reference if query == "reference" else query
    page = client.post("/agent/bookings", data={"q": query}).get_data(as_text=True)
    assert f"/agent/bookings/{booked.reference}" in page
    assert f'value="{query}"' in page  # the form keeps what was typed
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "search")).one()
    assert query.lower() not in str(entry.details).lower()  # what was typed is not logged


def test_the_search_never_puts_what_was_typed_in_an_address(booked, client):
    """Issue 14 (low): names, phones and e-mails stay out of URLs (history, proxy and server logs, Referer)."""
    form = client.get("/agent/bookings").get_data(as_text=True)
    assert re.search(r'<form method="post" action="/agent/bookings"[^>]*role="search"', form)
    assert 'name="csrf_token"' in form
    typed = "jeanne@example.org"
    assert "<table" not in client.get("/agent/bookings", query_string={"q": typed}).get_data(as_text=True)  # ignored
    response = client.post("/agent/bookings", data={"q": typed})
    assert response.status_code == 200 and "Location" not in response.headers  # results on the POST, no redirect
    links = re.findall(r'(?:href|action)="([^"]*)"', response.get_data(as_text=True))
    assert links and not [link for link in links if "jeanne" in link.lower() or "q=" in link]


def test_an_empty_search_says_what_to_type(logged_in):
    response = logged_in.post("/agent/bookings", data={"q": " "})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)


def test_search_and_booking_stay_within_the_agents_operator(booked, make_app):
    outsider = make_agent(operator_id=make_operator(region_code="11").id)
    app = make_app()
    with app.app_context():
        client = app.test_client()
        login(client, outsider)
        page = client.post("/agent/bookings", data={"q": booked.reference}).get_data(as_text=True)
        assert f"/agent/bookings/{booked.reference}" not in page
        assert client.get(f"/agent/bookings/{booked.reference}").status_code == 403
        assert client.post(f"/agent/bookings/{booked.reference}/cancel").status_code == 403
        assert client.get(f"/agent/bookings/{booked.reference}/move").status_code == 403


def test_cancel_asks_first_then_cancels_on_yes(booked, client):
    question = client.post(f"/agent/bookings/{booked.reference}/cancel")
    page = question.get_data(as_text=True)
    assert question.status_code == 200 and 'name="confirm" value="yes"' in page
    assert f'href="/agent/bookings/{booked.reference}"' in page  # "No, keep it" goes back to the booking
    db.session.refresh(booked)
    assert booked.status == "confirmed"
    assert client.post(f"/agent/bookings/{booked.reference}/cancel", data={"confirm": "yes"}).status_code == 302
    db.session.refresh(booked)
    assert (booked.status, booked.cancelled_by) == ("cancelled", "agent")
    assert db.session.scalar(select(AuditEntry.booking_reference).where(AuditEntry.action == "booking_cancelled")) \
        == booked.reference


def test_move(booked, client):
    page = client.get(f"/agent/bookings/{booked.reference}/move").get_data(as_text=True)
    target = SLOT.findall(page)[1]
    assert client.post(f"/agent/bookings/{booked.reference}/move", data={"slot": target}).status_code == 302
    db.session.refresh(booked)
    assert booked.start == datetime.fromisoformat(target.rsplit("_", 1)[0])
    assert client.post(f"/agent/bookings/{booked.reference}/move", data={"slot": "nope"}).status_code == 422


@pytest.mark.parametrize("via, status", [
    ("email", 302),   # the caller gave an e-mail address
    ("sms", 302),     # and a mobile number
    ("fax", 422),     # not a way we send
])
def test_resend(booked, client, via, status):
    assert client.post(f"/agent/bookings/{booked.reference}/resend", data={"via": via}).status_code == status


def test_day_view_shows_the_bookings_with_the_questionnaire(booked, client):
    day = booked.start.astimezone(ZoneInfo("Europe/Paris")).date().isoformat()
    page = client.get("/agent/day", query_string={"site": booked.site_id, "date": day}).get_data(as_text=True)
    assert "Jeanne Martin" in page and booked.reference[:4] in page
    assert "CDI" in page or "Permanent contract" in page  # the caller's answers, for the advisor
    assert client.get("/agent/day", query_string={"site": "nowhere"}).status_code == 404
    assert client.get("/agent/day", query_string={"site": booked.site_id, "date": "garbage"}).status_code == 400


def test_an_agents_form_key_never_hands_over_another_agents_booking(app, client, agent):
    """The desk's idempotency key is scoped to the agent: the same key from another agent books afresh."""
    site, _kind = lyon_site()
    login(client, agent)
    outcome = answer_call(client, EMPLOYEE)
    form = {"site": site.id, "slot": first_slot(client.get(outcome).get_data(as_text=True)), "key": "k1",
            "name": "Jeanne Martin", "phone": "06 12 34 56 78", "email": "jeanne@example.org", "confirm": "email",
            "consent": "yes"}
    assert client.post(outcome + "/book", data=form).status_code == 302
    other = app.test_client()
    login(other, make_agent())
    answer = other.post(answer_call(other, EMPLOYEE) + "/book",
                        data={**form, "name": "Mallory", "email": "mallory@example.org", "phone": ""})
    assert answer.status_code == 409  # the slot is taken: not a way into the first booking
    assert db.session.scalar(select(db.func.count()).select_from(Booking)) == 1


@pytest.mark.parametrize("where, typed", [
    ("guadeloupe", "0690 12 34 56"),  # typed as the booking was: national format, no country code
    ("guadeloupe", "+590 690 12 34 56"),  # typed with Guadeloupe's country code
    ("reunion", "06.92.12.34.56"),  # La Réunion, typed with dots
])
def test_search_finds_an_overseas_booking_by_its_local_number(app, client, where, typed):
    booking = book_overseas(where)
    assert booking.phone == OVERSEAS[where]["stored"]  # stored under the territory's own country code
    login(client, make_agent())
    page = client.post("/agent/bookings", data={"q": typed}).get_data(as_text=True)
    assert f"/agent/bookings/{booking.reference}" in page
