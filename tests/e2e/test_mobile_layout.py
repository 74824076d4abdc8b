"""Mobile first, in a real browser at 320 px and 1280 px, French and English: after a search the results come
before the (folded) search form, and the header's menu opens without JavaScript; axe-clean, keyboard only."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, browser_context, click_through

pytestmark = pytest.mark.e2e

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
TEXTS = {
    "fr": {"change": "Modifier la recherche", "menu": "Menu", "find": "Trouver un lieu d'accueil",
           "filters": "Filtres"},
    "en": {"change": "Change the search", "menu": "Menu", "find": "Find a site", "filters": "Filters"},
}


def open_page(browser, live_server, lang: str, viewport: dict):
    """A fresh context at this size, in this language (``?lang=`` on the first page keeps it)."""
    return browser_context(browser, base_url=live_server.url, locale="fr-FR" if lang == "fr" else "en-GB",
                           viewport=viewport)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320px", "1280px"])
def test_results_come_first_and_the_search_is_folded(browser, live_server, tmp_path, lang, viewport, capsys):
    t = TEXTS[lang]
    with open_page(browser, live_server, lang, viewport) as context:
        page = context.new_page()
        page.goto(f"/sites/?q=75011&lang={lang}")
        first = page.locator(".site-list > li").first
        expect(first).to_be_visible()
        top = first.bounding_box()["y"]
        with capsys.disabled():
            print(f"\nfirst result at {viewport['width']} px ({lang}): {top:.0f} px from the top")
        page.screenshot(path=str(tmp_path / f"results-{lang}-{viewport['width']}.png"))
        if viewport is PHONE:
            assert top < PHONE["height"], "the first result is below the first screen"
        form = page.locator("form.locator-form")
        expect(form).to_be_hidden()  # folded under "change the search"
        assert first.bounding_box()["y"] < page.locator("details.search-again").bounding_box()["y"]
        assert_no_axe_violations(page)
        # Keyboard only: reach "change the search", open it, type another place, send it.
        summary = page.get_by_text(t["change"], exact=True)
        tab_to(page, summary)
        page.keyboard.press("Enter")
        expect(form).to_be_visible()
        expect(page.locator("form.locator-form fieldset.filters")).to_be_hidden()  # the filters stay folded
        page.locator("#q").focus()
        page.keyboard.press("Control+A")
        page.keyboard.type("69001")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state()
        assert "q=69001" in page.url
        expect(page.locator(".site-list > li").first).to_be_visible()
        page.screenshot(path=str(tmp_path / f"results-again-{lang}-{viewport['width']}.png"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_menu_button_works_without_javascript_on_a_phone(browser, live_server, tmp_path, lang):
    t = TEXTS[lang]
    with open_page(browser, live_server, lang, PHONE) as context:
        page = context.new_page()
        page.goto(f"/?lang={lang}")
        assert page.locator("script").count() == 0  # the page has no script: the menu opens without one
        header = page.locator("header.site-header")
        assert header.bounding_box()["height"] < 160, "the header takes too much of a phone's screen"
        link = page.get_by_role("link", name=t["find"], exact=True)
        expect(link).to_be_hidden()  # folded in the menu
        page.screenshot(path=str(tmp_path / f"menu-closed-{lang}.png"))
        menu = page.locator("summary", has_text=t["menu"])
        tab_to(page, menu)
        page.keyboard.press("Enter")
        expect(link).to_be_visible()
        assert_no_axe_violations(page)
        page.screenshot(path=str(tmp_path / f"menu-open-{lang}.png"))
        tab_to(page, link)
        click_through(page, link)
        assert page.url.endswith("/sites/")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_menu_is_spread_out_on_a_desktop(browser, live_server, tmp_path, lang):
    t = TEXTS[lang]
    with open_page(browser, live_server, lang, DESKTOP) as context:
        page = context.new_page()
        page.goto(f"/?lang={lang}")
        expect(page.get_by_role("link", name=t["find"], exact=True)).to_be_visible()
        expect(page.locator("summary", has_text=t["menu"])).to_be_hidden()
        assert_no_axe_violations(page)
        page.screenshot(path=str(tmp_path / f"header-{lang}-1280.png"))


def tab_to(page, target, presses: int = 40) -> None:
    """Press Tab until ``target`` has the focus (it is in the keyboard's path), or fail."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{target} cannot be reached with Tab")
