"""The questionnaire in a real browser: keyboard only, axe clean, French and English."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, click_through

pytestmark = pytest.mark.e2e


def focus_main(page) -> None:
    """Skip link, then into the main content, as a keyboard user does."""
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()  # before any Tab: they count from there


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus")


def continue_(page) -> None:
    tab_to(page, "button[value=next]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_in_scope_path_with_the_keyboard_to_the_booking_hand_off(page):
    page.goto("/questionnaire/")
    assert page.locator("#progress").inner_text() == "Étape 1 sur 5"
    assert_no_axe_violations(page)
    focus_main(page)
    tab_to(page, "#status")  # the first situation: employee
    page.keyboard.press("Space")
    continue_(page)
    tab_to(page, "input[name=contract]")
    page.keyboard.press("Space")  # permanent
    tab_to(page, "input[name=manager]")
    page.keyboard.press("ArrowDown")  # "No"
    assert_no_axe_violations(page)
    continue_(page)
    assert page.locator("#progress").inner_text() == "Étape 2 sur 5"
    focus_main(page)
    tab_to(page, "#place")
    page.keyboard.type("67000")
    with page.expect_navigation(url="**/step/need"):
        page.keyboard.press("Enter")  # Enter in a text field submits with the default button, Continue
    assert_no_axe_violations(page)
    focus_main(page)
    tab_to(page, "#needs-vae")
    page.keyboard.press("Space")
    continue_(page)
    focus_main(page)
    tab_to(page, "#deadline")
    page.keyboard.press("Space")  # no particular date
    continue_(page)
    focus_main(page)
    tab_to(page, "#modality")
    page.keyboard.press("ArrowDown")  # by phone
    assert_no_axe_violations(page)
    continue_(page)
    page.wait_for_url(re.compile(r".*/questionnaire/result/[0-9a-f-]{36}$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Votre récapitulatif avant le rendez-vous"
    assert "Strasbourg (67000)" in page.locator("dl").inner_text()
    assert page.get_by_role("link", name="vae.gouv.fr", exact=False).count() == 1
    book = page.get_by_role("link", name="Prendre rendez-vous")
    prequal_id = page.url.rsplit("/", 1)[1]
    assert book.get_attribute("href") == f"/booking/start?prequal={prequal_id}"
    assert_no_axe_violations(page)


def test_jobseeker_path_leads_to_france_travail_with_contacts(page_en):
    page = page_en
    page.goto("/questionnaire/")
    page.get_by_label("Registered jobseeker with France Travail").check()
    click_through(page, page.get_by_role("button", name="Continue"))
    page.get_by_label("26 or over").check()
    click_through(page, page.get_by_role("button", name="Continue"), url="**/questionnaire/result/*")
    assert page.get_by_role("heading", level=2, name="France Travail").is_visible()
    assert page.get_by_role("link", name="3949").get_attribute("href") == "tel:3949"
    assert page.get_by_role("link", name="www.francetravail.fr").get_attribute("href") == "https://www.francetravail.fr/"
    assert page.get_by_role("link", name="My situation is different").is_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang, message", [("fr", "Veuillez répondre à cette question."),
                                            ("en", "Please answer this question.")])
def test_a_missing_answer_shows_an_error_tied_to_the_field(page, lang, message):
    page.goto(f"/language/{lang}?next=/questionnaire/")
    focus_main(page)
    continue_(page)  # nothing chosen
    error = page.locator("#status-error")
    assert message in error.inner_text()
    described = page.locator("fieldset").first.get_attribute("aria-describedby").split()
    assert "status-error" in described
    assert page.title().startswith({"fr": "Erreur", "en": "Error"}[lang])
    assert_no_axe_violations(page)
    page.locator(".error-summary a").first.click()  # the summary leads to the field
    expect(page.locator("#status")).to_be_focused()


def test_back_keeps_every_answer(page):
    page.goto("/questionnaire/")
    page.locator("#status-self_employed").check()
    click_through(page, page.get_by_role("button", name="Continuer"))
    page.locator("#place").fill("Lyon")
    click_through(page, page.get_by_role("button", name="Continuer"))
    page.locator("#needs-business").check()
    click_through(page, page.get_by_role("button", name="Continuer"))
    # Every page of the questionnaire has the same buttons: each click waits for the page it leads to.
    click_through(page, page.get_by_role("button", name="Retour"))  # back to the needs
    assert page.locator("#needs-business").is_checked()
    click_through(page, page.get_by_role("button", name="Retour"))  # back to the place
    assert page.locator("#place").input_value() == "Lyon"
    click_through(page, page.get_by_role("button", name="Retour"))  # back to the situation
    assert page.locator("#status-self_employed").is_checked()


@pytest.mark.parametrize("lang, network, noted", [
    ("fr", "Je choisis Apec", "Votre choix est enregistré : Apec."),  # French
    ("en", "I choose APEC", "Your choice is noted: APEC."),  # English
])
def test_a_manager_picks_a_network_with_the_keyboard(page, lang, network, noted):
    page.goto(f"/language/{lang}?next=/questionnaire/")
    page.locator("#status").check()  # employee
    click_through(page, page.locator("button[value=next]"))
    page.locator("input[name=contract]").first.check()  # permanent
    page.locator("input[name=manager][value=yes]").check()
    click_through(page, page.locator("button[value=next]"))
    page.locator("#place").fill("67000")
    click_through(page, page.locator("button[value=next]"))
    page.locator("#needs-vae").check()
    click_through(page, page.locator("button[value=next]"))
    page.locator("#deadline").check()  # no particular date
    click_through(page, page.locator("button[value=next]"))
    page.locator("#modality").check()
    click_through(page, page.locator("button[value=next]"), url="**/questionnaire/result/*")
    assert_no_axe_violations(page)
    focus_main(page)
    tab_to(page, "button[name=network][value=apec]")
    assert page.evaluate("document.activeElement.textContent") == network
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#choice-noted")).to_contain_text(noted)
    assert_no_axe_violations(page)
