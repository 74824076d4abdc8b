"""The core pages in a real browser: accessible in French and English, usable with the keyboard alone."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, click_through, goto

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path, status", [
    ("/", 200),  # home: search form, steps
    ("/privacy", 200),  # privacy notice
    ("/accessibility", 200),  # accessibility statement
    ("/legal", 200),  # legal notice
    ("/about-cep", 200),  # what career advice (CEP) is
    ("/no-such-page", 404),  # the site's own 404 page
])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_core_pages_have_no_axe_violation(page, path, status, lang):
    response = goto(page, path, lang)
    assert response.status == status
    assert page.locator("html").get_attribute("lang") == lang
    assert_no_axe_violations(page)


def test_home_page_with_the_keyboard_only(page, live_server):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("href") == "#main" and skip.is_visible()  # shown when focused
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")  # the first control of the main content is the search field
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("69001")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sites/?q=69001")


def test_language_switch_in_the_header_keeps_the_page(page):
    page.goto("/privacy")
    # Not wait_for_url: the page being left is /privacy too.
    click_through(page, page.get_by_role("link", name="English"), url="**/privacy")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Privacy notice"
    click_through(page, page.get_by_role("link", name="Français"), url="**/privacy")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_pages_load_nothing_the_csp_blocks(page):
    """No inline script or style slipped into the layout: the browser reports no CSP violation."""
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    for path in ("/", "/privacy", "/accessibility", "/legal", "/no-such-page"):
        page.goto(path)
    assert blocked == []
