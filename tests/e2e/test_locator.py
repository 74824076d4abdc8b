"""The locator in a real browser: without and with JavaScript, keyboard-only autocomplete, geolocation, axe."""
import re

import pytest

from tests.e2e.conftest import assert_no_axe_violations, goto

pytestmark = pytest.mark.e2e


def test_search_by_postcode_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.goto("/sites/")
    assert page.locator("#locate-me").is_hidden()  # the position button needs JavaScript
    page.fill("#q", "75011")
    page.click("button[type=submit]")
    assert "Votre service de conseil régional" in page.content()
    assert page.locator(".site-list > li").count() == 10
    context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_have_no_axe_violations(page, lang):
    for path in ("/sites/", "/sites/?q=75011", "/sites/?q=01000", "/sites/?q=99999", "/sites/demo-97416"):
        goto(page, path, lang)
        assert_no_axe_violations(page)


def test_autocomplete_is_a_keyboard_combobox(page):
    goto(page, "/sites/", "en")
    field = page.locator("#q")
    assert field.get_attribute("role") == "combobox" and field.get_attribute("aria-expanded") == "false"
    field.press_sequentially("st eti", delay=20)
    page.wait_for_selector("#q-listbox [role=option]")
    assert field.get_attribute("aria-expanded") == "true"
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
    page.locator("#q").press_sequentially("lyo", delay=20)
    page.wait_for_selector("#q-listbox [role=option]")
    page.locator("#q").press("Escape")
    assert page.locator("#q-listbox").is_hidden()


def test_position_button_searches_around_the_browser_position(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", permissions=["geolocation"],
                                  geolocation={"latitude": 45.764, "longitude": 4.8357})
    page = context.new_page()
    goto(page, "/sites/", "en")
    page.click("#locate-me")
    page.wait_for_url(re.compile(r"/sites/\?lat=45\.764&lon=4\.836"))
    assert "CEP Auvergne-Rhône-Alpes (démo)" in page.content()
    assert_no_axe_violations(page)
    context.close()


def test_site_page_keyboard_to_booking(page):
    goto(page, "/sites/demo-67482", "fr")
    assert page.locator("script[type='application/ld+json']").count() == 1
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Prendre rendez-vous":
            break
    else:
        pytest.fail("the booking link cannot be reached with the keyboard")
