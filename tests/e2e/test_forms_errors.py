"""Forms in a real browser, keyboard only: every error of the details form at once, its summary's links reaching
each field; cancelling a booking asks first, and "No" keeps it. In French and in English, axe-clean."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, goto

pytestmark = pytest.mark.e2e

TEXTS = {
    "fr": {"continue": "Continuer", "name": "Votre nom", "confirm": "Confirmer le rendez-vous",
           "errors": "Il y a 3 erreurs", "booked": "Votre rendez-vous est réservé",
           "manage": "Annuler ou déplacer ce rendez-vous", "cancel": "Annuler mon rendez-vous",
           "question": "Voulez-vous vraiment annuler ce rendez-vous ?", "yes": "Oui, annuler", "no": "Non, le garder",
           "consent": "J'accepte", "cancelled": "Votre rendez-vous est annulé.", "title": "Votre rendez-vous"},
    "en": {"continue": "Continue", "name": "Your name", "confirm": "Confirm the appointment",
           "errors": "There are 3 errors", "booked": "Your appointment is booked",
           "manage": "Cancel or move this appointment", "cancel": "Cancel my appointment",
           "question": "Do you really want to cancel this appointment?", "yes": "Yes, cancel", "no": "No, keep it",
           "consent": "I accept", "cancelled": "Your appointment is cancelled.", "title": "Your appointment"},
}


def _first_site(page, base: str = "") -> str:
    """A demo site that takes bookings online (its slot page's path), on the live server or another one."""
    page.goto(base + "/booking/start?place=67000")
    return page.locator("a[href*='/booking/site/']").first.get_attribute("href")


def _to_details(page, t: dict) -> None:
    goto(page, _first_site(page))
    page.locator("input[name=slot][type=radio]").first.focus()
    page.keyboard.press("Space")
    _press_through(page, page.get_by_role("button", name=t["continue"], exact=True).first)


def _type_details_and_confirm(page, t: dict) -> None:
    """Fill the details form with the keyboard (name, e-mail, consent) and confirm."""
    page.get_by_label(t["name"]).focus()
    page.keyboard.type("Camille Martin")
    page.keyboard.press("Tab")
    page.keyboard.type("camille@example.fr")
    page.get_by_label(t["consent"]).focus()
    page.keyboard.press("Space")
    _press_through(page, page.get_by_role("button", name=t["confirm"]))


def _press_through(page, control) -> None:
    """Focus a control and press Enter on it, waiting for the page it leads to."""
    control.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_empty_details_form_shows_every_error_and_its_links_reach_each_field(request, lang):
    page = request.getfixturevalue("page" if lang == "fr" else "page_en")
    t = TEXTS[lang]
    _to_details(page, t)
    _press_through(page, page.get_by_role("button", name=t["confirm"]))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", level=2)).to_have_text(t["errors"], use_inner_text=True)
    links = summary.get_by_role("link")
    expect(links).to_have_count(3)
    assert [links.nth(i).get_attribute("href") for i in range(3)] == ["#name", "#email", "#consent"]
    for field in ("name", "email", "consent"):
        expect(page.locator(f"#{field}")).to_have_attribute("aria-describedby", re.compile(f"{field}-error"))
        expect(page.locator(f"#{field}-error")).to_be_visible()
    assert_no_axe_violations(page)
    links.nth(0).focus()  # keyboard: a link of the summary moves to its field
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#name$"))
    expect(page.get_by_label(t["name"])).to_be_focused()
    page.keyboard.type("Camille Martin")
    page.keyboard.press("Tab")
    page.keyboard.type("camille@example.fr")
    _press_through(page, page.get_by_role("button", name=t["confirm"]))
    expect(page.get_by_role("alert").get_by_role("link")).to_have_count(1)  # only the consent is left
    expect(page.get_by_label(t["name"])).to_have_value("Camille Martin")  # what was typed is kept
    page.get_by_label(t["consent"]).focus()
    page.keyboard.press("Space")
    _press_through(page, page.get_by_role("button", name=t["confirm"]))
    expect(page.get_by_role("heading", level=1)).to_have_text(t["booked"], use_inner_text=True)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_cancelling_asks_first_and_no_keeps_the_appointment(request, lang):
    page = request.getfixturevalue("page" if lang == "fr" else "page_en")
    t = TEXTS[lang]
    _to_details(page, t)
    _type_details_and_confirm(page, t)
    _press_through(page, page.get_by_role("link", name=t["manage"]))
    _press_through(page, page.get_by_role("link", name=t["cancel"]))
    expect(page.get_by_role("heading", level=1)).to_have_text(t["question"], use_inner_text=True)
    assert_no_axe_violations(page)
    _press_through(page, page.get_by_role("link", name=t["no"]))  # No: back, nothing changed
    expect(page.get_by_role("heading", level=1)).to_have_text(t["title"], use_inner_text=True)
    expect(page.get_by_role("link", name=t["cancel"])).to_be_visible()
    _press_through(page, page.get_by_role("link", name=t["cancel"]))
    _press_through(page, page.get_by_role("button", name=t["yes"]))
    expect(page.get_by_role("status")).to_have_text(t["cancelled"], use_inner_text=True)
    assert_no_axe_violations(page)


RESTART = {"fr": {"link": "Recommencer", "question": "Voulez-vous vraiment recommencer le questionnaire ?",
                  "no": "Non, continuer avec mes réponses", "yes": "Oui, recommencer"},
           "en": {"link": "Start again", "question": "Do you really want to start the questionnaire again?",
                  "no": "No, go on with my answers", "yes": "Yes, start again"}}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_restarting_the_questionnaire_asks_first(request, lang):
    page = request.getfixturevalue("page" if lang == "fr" else "page_en")
    t = RESTART[lang]
    goto(page, "/questionnaire/")
    page.locator("input[name=status]").first.focus()
    page.keyboard.press("Space")
    _press_through(page, page.locator("button[value=next]"))
    _press_through(page, page.get_by_role("link", name=t["link"]))
    expect(page.get_by_role("heading", level=1)).to_have_text(t["question"], use_inner_text=True)
    assert_no_axe_violations(page)
    _press_through(page, page.get_by_role("link", name=t["no"]))  # No: back where the person was, answers kept
    goto(page, "/questionnaire/step/situation")
    expect(page.locator("input[name=status]").first).to_be_checked()
    _press_through(page, page.get_by_role("link", name=t["link"]))
    _press_through(page, page.get_by_role("button", name=t["yes"]))
    expect(page.locator("input[name=status]:checked")).to_have_count(0)


@pytest.mark.parametrize("lang, released, nearest", [
    ("fr", "il a été libéré", "Les créneaux libres les plus proches"),  # French
    ("en", "it has been released", "The nearest free times"),  # English
])
def test_a_hold_run_out_keeps_what_was_typed_and_offers_the_nearest_times(page, start_server, lang, released,
                                                                           nearest):
    site = start_server(site={"HOLD_MIN": 0})  # every hold has run out by the time the details come back
    t = TEXTS[lang]
    if lang == "en":
        page.goto(f"{site.url}/language/en")  # chosen as a visitor would, on this server's own session
    page.goto(site.url + _first_site(page, site.url))
    page.locator("input[name=slot][type=radio]").first.focus()
    page.keyboard.press("Space")
    _press_through(page, page.get_by_role("button", name=t["continue"], exact=True).first)
    _type_details_and_confirm(page, t)
    expect(page.locator("main")).to_contain_text(released)
    expect(page.get_by_role("heading", name=nearest)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("camille@example.fr")
    assert "camille" not in page.url.lower()
    assert_no_axe_violations(page)
    page.locator("input[name=slot][type=radio]").nth(1).focus()
    page.keyboard.press("Space")
    _press_through(page, page.locator("main button[type=submit]").first)
    expect(page.get_by_label(t["name"])).to_have_value("Camille Martin")  # carried over to the new time
    expect(page.get_by_label(t["consent"])).to_be_checked()
