"""The locator in a real browser: without and with JavaScript, keyboard-only autocomplete, geolocation, axe."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, browser_context, click_through, goto

pytestmark = pytest.mark.e2e


def suggestions_only_for(page, text: str) -> None:
    """Let the combobox's requests through only for the whole of ``text``; those for the letters typed so far fail.

    Typed key by key, each pause longer than the script's debounce asks for the letters so far; on a loaded machine
    such an answer can come, and be shown, after the test waited for the list, re-rendering it (and clearing the
    highlighted option) under the keys the test presses next. The script shows the latest query's answer only, so
    with one answer possible, the list the test waits for is the last one."""
    def handle(route):
        if parse_qs(urlsplit(route.request.url).query).get("q") == [text]:
            route.continue_()
        else:
            route.abort()
    page.route(re.compile(r"/api/v1/communes\?"), handle)


def test_search_by_postcode_without_javascript(browser, live_server):
    with browser_context(browser, java_script_enabled=False, base_url=live_server.url, locale="fr-FR") as context:
        page = context.new_page()
        page.goto("/sites/")
        assert page.locator("#locate-me").is_hidden()  # the position button needs JavaScript
        page.fill("#q", "75011")
        click_through(page, page.locator("button[type=submit]").first)
        assert "Votre service de conseil régional" in page.content()
        assert page.locator(".site-list > li").count() == 10


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_have_no_axe_violations(page, lang):
    for path in ("/sites/", "/sites/?q=75011", "/sites/?q=01000", "/sites/?q=99999", "/sites/demo-97416"):
        goto(page, path, lang)
        assert_no_axe_violations(page)


def test_autocomplete_is_a_keyboard_combobox(page):
    goto(page, "/sites/", "en")
    field = page.locator("#q")
    assert field.get_attribute("role") == "combobox" and field.get_attribute("aria-expanded") == "false"
    suggestions_only_for(page, "st eti")
    field.press_sequentially("st eti", delay=20)
    page.wait_for_selector("#q-listbox [role=option]")
    expect(field).to_have_attribute("aria-expanded", "true")
    assert_no_axe_violations(page)
    field.press("ArrowDown")
    active = field.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    field.press("Enter")  # picks the suggestion, does not submit yet
    assert field.input_value() == "42000 Saint-Étienne" and field.get_attribute("aria-expanded") == "false"
    field.press("Enter")  # now submits the form
    page.wait_for_url(re.compile(r"/sites/\?q=42000"))
    assert "Near Saint-Étienne (42000)" in page.content()  # the ?lang=en choice is kept for the next pages


def test_escape_closes_the_list(page):
    goto(page, "/sites/", "en")
    suggestions_only_for(page, "lyo")
    page.locator("#q").press_sequentially("lyo", delay=20)
    page.wait_for_selector("#q-listbox [role=option]")
    page.locator("#q").press("Escape")
    assert page.locator("#q-listbox").is_hidden()


def test_position_button_searches_around_the_browser_position(browser, live_server):
    with browser_context(browser, base_url=live_server.url, locale="en-GB", permissions=["geolocation"],
                         geolocation={"latitude": 45.764, "longitude": 4.8357}) as context:
        page = context.new_page()
        goto(page, "/sites/", "en")
        page.click("#locate-me")
        page.wait_for_url(re.compile(r"/sites/\?lat=45\.764&lon=4\.836"))
        assert "CEP Auvergne-Rhône-Alpes (démo)" in page.content()
        assert_no_axe_violations(page)


def test_site_page_keyboard_to_booking(page):
    goto(page, "/sites/demo-67482", "fr")
    assert page.locator("script[type='application/ld+json']").count() == 1
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Prendre rendez-vous":
            break
    else:
        pytest.fail("the booking link cannot be reached with the keyboard")
