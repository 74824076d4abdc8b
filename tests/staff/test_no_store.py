"""Every staff page (agent, piloting, privacy forms, staff login) is sent ``Cache-Control: no-store``; public pages
keep their caching."""
from __future__ import annotations

import pytest

from tests.staff.staff_helpers import login, make_agent

STAFF_BLUEPRINTS = {"agent", "piloting", "privacy", "staff"}
PUBLIC = {"privacy.notice"}  # the privacy notice is a public page on the privacy blueprint


def _staff_get_urls(app) -> list[str]:
    """Every GET address of the staff blueprints, parameters filled with a harmless value."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in STAFF_BLUEPRINTS and rule.endpoint not in PUBLIC and "GET" in rule.methods:
            urls.append(rule.build({name: "x" for name in rule.arguments}, append_unknown=False)[1])
    return urls


def test_the_staff_pages_are_all_listed(app):
    urls = _staff_get_urls(app)
    assert {"/agent/", "/agent/login", "/agent/bookings", "/piloting/", "/piloting/personal-data"} <= set(urls)


@pytest.mark.parametrize("logged_in", [
    True,  # the pages themselves (or their 403/404)
    False,  # the redirect to the login, and the login page
])
def test_every_staff_response_is_no_store(app, client, logged_in):
    if logged_in:
        login(client, make_agent(role="admin"))
    for url in _staff_get_urls(app):
        response = client.get(url)
        assert response.headers.get("Cache-Control") == "no-store", (url, response.status_code)
    assert client.post("/agent/login", data={"email": "x@example.org", "password": "y"}).headers[
        "Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", [
    "/",  # the home page
    "/privacy",  # the notice
])
def test_public_pages_are_not_marked(client, url):
    assert "no-store" not in client.get(url).headers.get("Cache-Control", "")
