"""The slot picker in a real browser, keyboard only, at 320 px and 1280 px, in French and English: one way of
meeting, days of start times, "more times" for a day, a time chosen with the arrows, continue; axe-clean."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, browser_context

pytestmark = pytest.mark.e2e

SITE = "demo-33063"  # a demo site of Bordeaux: every way of meeting, open late on weekdays
TEXTS = {
    "fr": {"more": re.compile(r"^\d+ autres? horaires?"), "continue": "Continuer", "details": "Vos coordonnées",
           "time": re.compile(r"^\d{1,2} h( \d\d)?$"), "phone": "Par téléphone"},
    "en": {"more": re.compile(r"^\d+ more times?"), "continue": "Continue", "details": "Your details",
           "time": re.compile(r"^\d\d:\d\d$"), "phone": "By phone"},
}


def focus_by_tab(page, target, presses: int = 80) -> None:
    """Press Tab until ``target`` has the focus (so it is in the keyboard's path), or fail."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{target} cannot be reached with Tab")


def activate(page, key: str = "Enter") -> None:
    """Press ``key`` on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640}, {"width": 1280, "height": 800}],
                         ids=["320px", "1280px"])
def test_choose_a_time_with_the_keyboard(browser, live_server, tmp_path, lang, viewport):
    t = TEXTS[lang]
    with browser_context(browser, base_url=live_server.url, viewport=viewport,
                         locale="fr-FR" if lang == "fr" else "en-GB") as context:
        page = context.new_page()
        page.goto(f"/booking/site/{SITE}?lang={lang}")
        radios = page.locator("input[name=slot][type=radio]")
        expect(radios.first).to_be_attached()
        assert radios.count() <= 150 and len(page.content().encode()) <= 60_000
        assert re.match(t["time"], page.locator("label[for=slot]").inner_text())  # start times only
        assert_no_axe_violations(page)
        page.screenshot(path=str(tmp_path / f"picker-{lang}-{viewport['width']}.png"), full_page=True)

        # The way of meeting first, with the keyboard: by phone.
        focus_by_tab(page, page.get_by_role("link", name=t["phone"], exact=True))
        activate(page)
        expect(page.get_by_role("link", name=t["phone"], exact=True)).to_have_attribute("aria-current", "true")
        assert page.locator("input[name=modality]").get_attribute("value") == "phone"

        # "More times" for the first day that has some, then the last time of that day.
        more = page.get_by_role("link", name=t["more"]).first
        day = more.get_attribute("href").split("#")[1]
        before = page.locator(f"#{day} input[type=radio]").count()
        focus_by_tab(page, more)
        activate(page)
        day_radios = page.locator(f"#{day} input[type=radio]")
        assert day_radios.count() > before and page.locator(f"#{day} .more-times").count() == 0
        assert page.locator("input[name=slot][type=radio]").count() <= 150

        # One tab stop for every time: Tab lands on the first, the arrows move, Space chooses.
        focus_by_tab(page, radios.first)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") != "slot"  # out of the group in one Tab
        page.keyboard.press("Shift+Tab")
        expect(radios.first).to_be_focused()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        chosen = radios.nth(2)
        expect(chosen).to_be_checked()
        label = page.locator(f"label[for={chosen.get_attribute('id')}]")
        # Visibly chosen, not by colour alone: a check mark and a bolder weight.
        assert label.evaluate("l => getComputedStyle(l, '::before').content").startswith('"✓')
        assert int(label.evaluate("l => getComputedStyle(l).fontWeight")) >= 700
        assert_no_axe_violations(page)
        page.screenshot(path=str(tmp_path / f"picker-chosen-{lang}-{viewport['width']}.png"), full_page=True)
        value = chosen.get_attribute("value")

        # Continue: the first button after the list, reached with Tab.
        focus_by_tab(page, page.get_by_role("button", name=t["continue"]).first)
        activate(page)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert "/booking/details/" in page.url, page.url
        assert value.endswith("_phone")
        assert_no_axe_violations(page)


@pytest.mark.parametrize("lang, legend", [("fr", "Horaires qui vous conviennent"), ("en", "Times that suit you")])
def test_the_times_that_suit_the_person_come_first(browser, live_server, lang, legend):
    """After a questionnaire that says "after 6 pm", the first evening times come before the days; axe-clean."""
    from bookingsite import clock
    from bookingsite.extensions import db
    from bookingsite.prequal.service import record_prequal

    with live_server.app.app_context():
        answers = {"status": "employee", "contract": "permanent", "manager": "no", "place": "33063",
                   "needs": ["progress"], "deadline": "none", "modality": "site", "times": ["evening"]}
        prequal_id = record_prequal(answers, "web", None, None, lang, clock.now()).id
        db.session.remove()
    with browser_context(browser, base_url=live_server.url, locale="fr-FR" if lang == "fr" else "en-GB") as context:
        page = context.new_page()
        page.goto(f"/booking/site/{SITE}?prequal={prequal_id}&modality=site&lang={lang}")
        suiting = page.locator("fieldset.slot-suiting")
        expect(suiting.locator("legend")).to_have_text(legend)
        hours = [int(re.search(r"(\d{1,2})(?: h|:)", text).group(1))
                 for text in suiting.locator("label").all_inner_texts()]
        assert hours and all(hour >= 18 for hour in hours)
        assert_no_axe_violations(page)
        suiting.locator("input[type=radio]").first.focus()  # in the keyboard's path, one group with the days
        page.keyboard.press("Space")
        assert suiting.locator("input[type=radio]").first.is_checked()
