"""Issue 14 (low): every page showing a person's data answers ``Cache-Control: no-store``; public pages do not."""
from __future__ import annotations

import pytest

from bookingsite.booking import service
from tests.booking.booking_helpers import book_args, setup_site
from tests.staff.staff_helpers import login, make_agent

SLOT_KEY = "2026-12-02T11:00:00+01:00_site"


@pytest.fixture
def pages(app, client):
    """Addresses of the pages to check: a booking's, a hold's details, and the staff pages' (a supervisor)."""
    site, _kind = setup_site()
    booking = service.book(**book_args(site))
    token = service.manage_token(booking)
    login(client, make_agent(role="supervisor"))  # first: signing in starts a new session, which would drop the hold's
    details = client.post(f"/booking/site/{site.id}/hold", data={"slot": SLOT_KEY, "key": "k"}).headers["Location"]
    return {"site": site.id, "token": token, "details": details, "reference": booking.reference}


@pytest.mark.parametrize("path, private", [
    ("{details}", True),  # the contact form of a hold
    ("/booking/done/{token}", True),  # the confirmation: e-mail, answers, manage link
    ("/booking/manage/{token}", True),  # the manage page
    ("/booking/manage/{token}/move", True),  # the move page
    ("/booking/manage/{token}/booking.ics", True),  # the calendar file (it carries the manage link)
    ("/agent/bookings/{reference}", True),  # the agent desk: the caller's details
    ("/agent/bookings", True),  # the agent's search form (its results: below, on the POST)
    ("/questionnaire/step/situation", True),  # the questionnaire: the person's answers
    ("/piloting/personal-data", True),  # export or erase one person's data
    ("/booking/site/{site}", False),  # a site's free slots: public
    ("/sites/?q=75011", False),  # the locator: public
])
def test_pages_with_a_persons_data_are_never_stored(pages, client, path, private):
    answer = client.get(path.format(**pages))
    assert answer.status_code < 400, (path, answer.status_code)
    assert ("no-store" in answer.headers.get("Cache-Control", "")) is private


def test_the_agents_search_results_are_never_stored(pages, client):
    answer = client.post("/agent/bookings", data={"q": "Marie"})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("private_path", [
    "/booking/manage/{token}",  # marked by its view (``private``)
    "/agent/bookings/{reference}",  # marked by its blueprint and ``role_required``
    "/agent/login",  # the staff login (its blueprint)
])
def test_a_public_page_after_a_private_one_in_the_same_app_context_is_not_marked(pages, app, client, private_path):
    # ``app`` keeps one app context (and its ``g``) pushed across these requests, as a CLI or a test does.
    assert client.get(private_path.format(**pages)).headers.get("Cache-Control") == "no-store"
    for public in ("/", f"/booking/site/{pages['site']}"):
        answer = client.get(public)
        assert answer.status_code == 200 and "no-store" not in answer.headers.get("Cache-Control", ""), public
        assert "Pragma" not in answer.headers
