"""The staff login throttle in a real browser: past the budget of refused logins, the 429 page, in the site's style
(its stylesheets loaded), accessible, in French and English; even the right password waits."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, browser_context
from tests.e2e.test_agent_desk import PASSWORD, new_agent

REFUSALS = 3  # the per-account budget of refused logins this site runs with


def _submit(page, email: str, password: str) -> int:
    """Fill the login form, submit it, and return the HTTP status of the page it leads to."""
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    with page.expect_navigation() as navigation:
        page.locator("form.narrow-form button[type=submit]").click()
    return navigation.value.status


@pytest.mark.parametrize("lang, heading", [
    ("fr", "Trop de demandes"),  # the default language
    ("en", "Too many requests"),  # chosen through the language switch, kept in the session
])
def test_refused_logins_past_the_budget_show_the_429_page(browser, live_server, start_server, lang, heading):
    site = start_server(site={"RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN_ACCOUNT": f"{REFUSALS}/minute",
                              "RATELIMIT_LOGIN_ADDRESS": "100/minute"})
    _agent_id, email = new_agent(live_server)  # the two servers share one database
    with browser_context(browser, locale="fr-FR", base_url=site.url) as context:
        page = context.new_page()
        page.goto(f"/language/{lang}?next=/agent/login")
        for _ in range(REFUSALS):
            assert _submit(page, email, "not the password") == 422
            expect(page.locator("#email-error")).to_be_visible()
        assert _submit(page, email, "not the password") == 429
        expect(page.locator("h1")).to_have_text(heading)
        expect(page.locator("header.site-header")).to_be_visible()
        # The site's style: every stylesheet of the layout loaded, with its rules (not a bare browser page).
        rules = page.evaluate("[...document.styleSheets].map(sheet => sheet.cssRules.length)")
        assert len(rules) == 2 and all(count > 0 for count in rules), rules
        assert_no_axe_violations(page)
        page.goto("/agent/login")
        assert _submit(page, email, PASSWORD) == 429  # the right password waits too: no guessing in the meantime
