"""Every page of the site, found in ``app.url_map``, opened in Chromium in French and English: axe, lang, CSP.

A new page from any feature is checked here without anyone writing a test for it. A route with path arguments is
visited with a demo value for each argument (``ARGUMENT_VALUES``); a route that cannot be visited in this generic
way is listed in ``SKIP`` with the reason — its owner covers it in its own browser tests.
"""
from __future__ import annotations

from urllib.parse import quote

import pytest

from bookingsite import create_app
from tests.e2e.conftest import assert_no_axe_violations

pytestmark = pytest.mark.e2e

# argument name -> a value that exists in the live server's demo data.
ARGUMENT_VALUES = {
    "site_id": "demo-69266",  # a demo site (Villeurbanne, Auvergne-Rhône-Alpes)
    "agenda_id": "demo-69266-a",  # that site's first agenda
    "operator_id": "demo-op-84",  # the demo operator of Auvergne-Rhône-Alpes
    "partner_id": "demo-partner",  # the demo partner (its key is demo-partner-key)
    "region": "84",  # Auvergne-Rhône-Alpes
}
# rule -> why the generic visit cannot open it (each is covered by its feature's own e2e tests).
SKIP = {
    "/language/<code>": "not a page: a redirect to next= (the switch is tested in test_core_pages.py)",
    "/questionnaire/step/<step_id>": "later steps need earlier answers; the first step is reached via /questionnaire/",
    "/questionnaire/result/<prequal_id>": "needs a completed questionnaire in the session",
    "/agent/set-password/<token>": "needs an invitation token issued by `flask agents add`",
    "/agent/bookings/<reference>": "needs a signed-in agent and a booking (the agent desk's e2e tests)",
    "/agent/bookings/<reference>/move": "needs a signed-in agent and a booking (the agent desk's e2e tests)",
    "/agent/call/<prequal_id>": "needs a signed-in agent and a call's questionnaire (the agent desk's e2e tests)",
    "/booking/details/<token>": "needs a signed hold token (the booking flow's e2e tests)",
    "/booking/done/<token>": "needs a signed booking token (the booking flow's e2e tests)",
    "/booking/manage/<token>": "needs a signed manage token from a booking (the booking flow's e2e tests)",
    "/booking/manage/<token>/move": "needs a signed manage token from a booking (the booking flow's e2e tests)",
    "/booking/manage/<token>/cancel": "needs a signed manage token from a booking (the booking flow's e2e tests)",
}
# Not pages: files, JSON and machine endpoints (no HTML to check).
NOT_PAGE_PREFIXES = ("/static/", "/api/", "/demo/feeds/", "/healthz")
NOT_PAGE_SUFFIXES = (".css", ".js", ".json", ".ics", ".csv", ".txt", ".xml", ".svg", ".png", ".ico", ".map")


def page_rules() -> list:
    """The GET rules of the app that serve pages (a bare app: no database is touched to read its routes)."""
    app = create_app({"ENV": "testing", "SECRET_KEY": "routes", "DATABASE_URL": "sqlite://"})
    rules = [r for r in app.url_map.iter_rules() if "GET" in (r.methods or ())
             and not r.rule.startswith(NOT_PAGE_PREFIXES) and not r.rule.endswith(NOT_PAGE_SUFFIXES)]
    return sorted(rules, key=lambda r: r.rule)


def visit_path(rule) -> str:
    """The rule with its arguments filled in from the demo values; fails naming what to add."""
    missing = sorted(set(rule.arguments) - set(ARGUMENT_VALUES))
    if missing:
        pytest.fail(f"{rule.rule}: no demo value for {missing}. Add one to ARGUMENT_VALUES in {__name__}, "
                    "or list the rule in SKIP with the reason (and cover it in the feature's own e2e tests).")
    values = {name: ARGUMENT_VALUES[name] for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


# Routes in SKIP are left out of the parametrisation (not skipped): each is covered by its feature's own e2e tests.
RULES = [r for r in page_rules() if r.rule not in SKIP]


def test_skip_list_names_only_existing_routes():
    """A stale SKIP entry would hide nothing but still mislead: every entry must be a real route."""
    assert set(SKIP) <= {r.rule for r in page_rules()}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("rule", RULES, ids=[r.rule for r in RULES])
def test_every_page_is_accessible_in_both_languages(page, rule, lang):
    path = visit_path(rule)
    blocked = []  # inline scripts or styles the CSP refused: the page would be broken for real visitors
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    # English is chosen as a visitor does (the switch keeps it in the session), so redirects stay in English.
    response = page.goto(f"/language/en?next={quote(path)}" if lang == "en" else path)
    assert response is not None and response.status < 500, f"{path} answered {response and response.status}"
    assert "text/html" in response.headers.get("content-type", ""), (
        f"{path} is not an HTML page ({response.headers.get('content-type')}): add it to NOT_PAGE_*")
    assert page.locator("html").get_attribute("lang") == lang
    assert_no_axe_violations(page)
    assert blocked == [], f"{path}: the Content-Security-Policy blocked: {blocked}"
