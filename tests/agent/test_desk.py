"""The call flow: the questionnaire for a caller, a re-route recorded, a booking made on the caller's behalf."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bookingsite.extensions import db
from bookingsite.models.agent import AuditEntry
from bookingsite.models.booking import Booking
from bookingsite.models.prequal import Prequal
from tests.agent.desk_helpers import EMPLOYEE, JOBSEEKER, answer_call, call_form, first_slot, lyon_site
from tests.factories import make_operator
from tests.staff.staff_helpers import login, make_agent


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _book(client, outcome_url: str, site_id: str, **overrides):
    page = client.get(outcome_url).get_data(as_text=True)
    form = {"site": site_id, "slot": first_slot(page), "name": "Jeanne Martin", "phone": "06 12 34 56 78",
            "email": "", "confirm": "sms", "consent": "yes", "key": "k1", **overrides}
    return client.post(outcome_url + "/book", data=form)


def test_answers_reveal_the_questions_they_call_for(logged_in):
    first = logged_in.get("/agent/").get_data(as_text=True)
    assert 'name="status"' in first and 'name="contract"' not in first
    revealed = logged_in.post("/agent/call", data={"status": "employee", "shown": ["status"]})
    page = revealed.get_data(as_text=True)
    assert revealed.status_code == 200 and 'name="contract"' in page and 'name="place"' in page
    assert 'value="employee" checked' in page  # the answer given is kept


def test_missing_answers_are_tied_to_their_field(logged_in):
    answers = {**EMPLOYEE, "needs": []}
    response = logged_in.post("/agent/call", data=call_form(answers))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="needs-error"' in page and 'href="#needs"' in page


def test_a_salaried_caller_is_booked_with_channel_phone_and_the_agent(app, client, agent):
    site, _kind = lyon_site()
    login(client, agent)
    outcome = answer_call(client, EMPLOYEE)
    response = _book(client, outcome, site.id)
    assert response.status_code == 302
    booking = db.session.scalars(select(Booking)).one()
    assert (booking.channel, booking.agent_id, booking.status, booking.phone) == \
        ("phone", agent.id, "confirmed", "+33612345678")
    prequal = db.session.get(Prequal, booking.prequal_id)
    assert (prequal.channel, prequal.agent_id, prequal.region_code) == ("phone", agent.id, "84")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert booking.reference[:4] + "-" + booking.reference[4:] in page and agent.email in page
    assert _actions() == ["login", "call_answered", "booking_made", "booking_viewed"]
    made = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "booking_made"))
    assert made.booking_reference == booking.reference and "Jeanne" not in str(made.details)


def test_a_jobseeker_ends_in_a_recorded_reroute_to_france_travail(logged_in, agent):
    outcome = answer_call(logged_in, JOBSEEKER)
    page = logged_in.get(outcome).get_data(as_text=True)
    assert "France Travail" in page and "3949" in page and 'name="slot"' not in page
    assert logged_in.post(outcome + "/reroute").status_code == 302
    prequal = db.session.scalars(select(Prequal)).one()
    assert (prequal.scope, prequal.networks, prequal.channel, prequal.agent_id) == \
        ("out", ["france_travail"], "phone", agent.id)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "reroute"))
    assert entry.details["networks"] == ["france_travail"] and entry.agent_id == agent.id


@pytest.mark.parametrize("overrides, field", [
    ({"name": ""}, "name"),                             # no name
    ({"consent": ""}, "consent"),                       # privacy notice not read out
    ({"confirm": "email"}, "email"),                    # e-mail confirmation without an address
    ({"confirm": "sms", "phone": "04 72 00 00 00"}, "phone"),  # a landline gets no text message
    ({"slot": "not-a-slot"}, "slot"),                   # no slot picked
    ({"phone": "", "confirm": "none"}, "email"),        # no way to reach the caller at all
])
def test_booking_errors_keep_what_was_typed(app, client, agent, overrides, field):
    site, _kind = lyon_site()
    login(client, agent)
    outcome = answer_call(client, EMPLOYEE)
    response = _book(client, outcome, site.id, **overrides)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in page
    if overrides.get("name") != "":
        assert 'value="Jeanne Martin"' in page
    assert db.session.scalars(select(Booking)).all() == []


def test_every_booking_error_of_the_desk_is_listed_at_once(app, client, agent):
    site, _kind = lyon_site()
    login(client, agent)
    outcome = answer_call(client, EMPLOYEE)
    response = _book(client, outcome, site.id, slot="", name="", phone="", email="", confirm="email", consent="")
    page = response.get_data(as_text=True)
    summary = page[page.index('id="error-summary"'):]
    assert response.status_code == 422
    assert re.findall(r'href="#([a-z]+)"', summary[:summary.index("</div>")]) == ["name", "email", "slot", "consent"]
    assert all(f'id="{f}-error"' in page for f in ("slot", "name", "email", "consent"))
    assert db.session.scalars(select(Booking)).all() == []


def test_the_callers_details_come_before_the_times(app, client, agent):
    lyon_site()
    login(client, agent)
    page = client.get(answer_call(client, EMPLOYEE)).get_data(as_text=True)
    assert page.index('id="name"') < page.index('id="email"') < page.index('name="slot"') < page.index('id="consent"')
    assert 'data-focus="name"' in page  # with JavaScript, the agent types the name straight away


def _picker_button(page: str, name: str) -> str:
    """The value of the first of the picker's submit buttons called ``name``."""
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("button", [
    "more",      # a day's "more times"
    "later",     # the next page of days
    "modality",  # another way of meeting
])
def test_the_pickers_buttons_show_other_times_and_keep_what_was_typed(app, client, agent, button):
    site, _kind = lyon_site()
    site.modalities = ["site", "phone"]
    db.session.commit()
    login(client, agent)
    outcome = answer_call(client, EMPLOYEE)
    page = client.get(outcome).get_data(as_text=True)
    value = "phone" if button == "modality" else _picker_button(page, button)
    typed = {"site": site.id, "from": re.search(r'name="from" value="([^"]+)"', page).group(1),
             "shown_modality": "site", "name": "Jeanne Martin", "phone": "06 12 34 56 78", "email": "j@example.fr",
             "confirm": "email", "consent": "yes", "key": "k1", button: value}
    response = client.post(outcome + "/book", data=typed)
    shown = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="error-summary"' not in shown
    assert all(f'value="{v}"' in shown for v in ("Jeanne Martin", "06 12 34 56 78", "j@example.fr"))
    assert 'id="confirm-email" name="confirm" value="email" checked' in shown and 'value="yes" checked' in shown
    if button == "more":      # that day shows all its times: no "more times" button left for it
        assert f'name="more" value="{value}"' not in shown
    elif button == "later":   # the page starts at the day asked for
        assert f'name="from" value="{value}"' in shown
    else:
        assert 'name="shown_modality" value="phone"' in shown
    assert db.session.scalars(select(Booking)).all() == []


def test_an_agent_of_another_operator_cannot_see_or_book_the_site(app, client):
    site, _kind = lyon_site()
    other = make_operator(region_code="11")
    login(client, make_agent(operator_id=other.id))
    outcome = answer_call(client, EMPLOYEE)
    page = client.get(outcome).get_data(as_text=True)
    assert site.name not in page and 'name="slot"' not in page  # told to transfer the call instead
    assert client.get(outcome, query_string={"site": site.id}).status_code == 403
    slot = "2026-12-02T10:00:00+01:00_site"
    form = {"site": site.id, "slot": slot, "name": "X", "phone": "0612345678", "confirm": "sms", "consent": "yes"}
    assert client.post(outcome + "/book", data=form).status_code == 403
    assert client.get("/agent/day", query_string={"site": site.id}).status_code == 403
    assert db.session.scalars(select(Booking)).all() == []


def test_an_agent_of_the_operator_books_its_site(app, client):
    site, _kind = lyon_site()
    login(client, make_agent(operator_id=site.operator_id))
    outcome = answer_call(client, EMPLOYEE)
    assert _book(client, outcome, site.id).status_code == 302


def test_logged_out_people_cannot_take_calls(client):
    assert client.post("/agent/call", data=call_form(EMPLOYEE)).headers["Location"].startswith("/agent/login")
    assert client.get("/agent/call/00000000-0000-4000-8000-000000000000").status_code == 302


def test_unknown_call_is_404(logged_in):
    assert logged_in.get("/agent/call/not-a-uuid").status_code == 404


def test_a_caller_offered_a_choice_has_the_network_they_pick_recorded(logged_in, agent):
    outcome = answer_call(logged_in, {**EMPLOYEE, "manager": "yes"})
    page = logged_in.get(outcome).get_data(as_text=True)
    assert 'name="network" value="apec"' in page
    assert logged_in.post(outcome + "/reroute", data={"network": "apec"}).status_code == 302
    prequal = db.session.scalars(select(Prequal)).one()
    assert (prequal.scope, prequal.chosen) == ("choice", "apec")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "reroute"))
    assert entry.details["chosen"] == "apec"
    assert logged_in.post(outcome + "/reroute", data={"network": "france_travail"}).status_code == 400
