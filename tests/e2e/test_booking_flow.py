"""Booking in a real browser, without JavaScript help: a site near a postal code, a time, details, confirmation,
then cancelling through the manage link; in French and in English; axe-clean at every step."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, click_through, goto

pytestmark = pytest.mark.e2e

TEXTS = {
    "fr": {"see": "Voir les horaires libres", "continue": "Continuer", "name": "Votre nom",
           "email": "Adresse e-mail", "consent": "J'accepte", "confirm": "Confirmer le rendez-vous",
           "booked": "Votre rendez-vous est réservé", "manage": "Annuler ou déplacer ce rendez-vous",
           "cancel": "Annuler mon rendez-vous", "yes": "Oui, annuler", "cancelled": "Votre rendez-vous est annulé.",
           "find": "Trouver les lieux les plus proches", "place": "Votre code postal ou votre commune"},
    "en": {"see": "See the free times", "continue": "Continue", "name": "Your name", "email": "E-mail address",
           "consent": "I accept", "confirm": "Confirm the appointment", "booked": "Your appointment is booked",
           "manage": "Cancel or move this appointment", "cancel": "Cancel my appointment",
           "yes": "Yes, cancel", "cancelled": "Your appointment is cancelled.", "find": "Find the nearest sites",
           "place": "Your postal code or commune"},
}


@pytest.mark.parametrize("lang, postcode, slot_index", [
    ("fr", "67000", 0),  # Strasbourg, French, first free time
    ("en", "33000", 3),  # Bordeaux, English, another time
])
def test_book_then_cancel_through_the_manage_link(request, lang, postcode, slot_index):
    page = request.getfixturevalue("page" if lang == "fr" else "page_en")  # English: chosen as a visitor would
    t = TEXTS[lang]
    goto(page, "/booking/start")
    assert_no_axe_violations(page)
    page.get_by_label(t["place"]).fill(postcode)
    click_through(page, page.get_by_role("button", name=t["find"]))
    assert_no_axe_violations(page)
    click_through(page, page.get_by_role("link", name=re.compile(t["see"])).first)
    assert_no_axe_violations(page)
    page.locator("input[name=slot][type=radio]").nth(slot_index).check()
    click_through(page, page.get_by_role("button", name=t["continue"], exact=True).first)  # right after the list

    # Details: keyboard only, errors first (no consent), then the right answer.
    page.get_by_label(t["name"]).focus()
    page.keyboard.type("Camille Martin")
    page.keyboard.press("Tab")
    page.keyboard.type("camille@example.fr")
    with page.expect_navigation():
        page.get_by_role("button", name=t["confirm"]).press("Enter")
    expect(page.locator("#consent-error")).to_be_visible()
    expect(page.get_by_label(t["name"])).to_have_value("Camille Martin")  # kept
    assert_no_axe_violations(page)
    page.get_by_label(t["consent"]).check()
    click_through(page, page.get_by_role("button", name=t["confirm"]))

    expect(page.get_by_role("heading", level=1)).to_have_text(t["booked"], use_inner_text=True)
    expect(page.locator(".reference")).to_have_text(re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}"), use_inner_text=True)
    assert_no_axe_violations(page)
    click_through(page, page.get_by_role("link", name=t["manage"]))
    assert_no_axe_violations(page)
    click_through(page, page.get_by_role("link", name=t["cancel"]))
    assert_no_axe_violations(page)
    click_through(page, page.get_by_role("button", name=t["yes"]))
    expect(page.get_by_role("status")).to_have_text(t["cancelled"], use_inner_text=True)
    assert_no_axe_violations(page)


def test_tampered_manage_link_says_so(page):
    answer = goto(page, "/booking/manage/IkFCQ0RFRkdIIg.forged")
    assert answer.status == 404
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang, other", [
    ("fr", "Voir les lieux de Provence"),  # French: the link names the region and its operator
    ("en", "Show the sites of Provence"),  # English
])
def test_a_border_place_follows_the_other_region_link_by_keyboard(request, lang, other):
    """Villeneuve-lès-Avignon: the choice of Provence's sites nearby, reached and followed with the keyboard."""
    page = request.getfixturevalue("page" if lang == "fr" else "page_en")
    t = TEXTS[lang]
    goto(page, "/booking/start")
    page.get_by_label(t["place"]).fill("30400")
    click_through(page, page.get_by_role("button", name=t["find"]))
    link = page.get_by_role("link", name=re.compile(other))
    expect(link).to_be_visible()
    assert_no_axe_violations(page)
    for _ in range(40):  # Tab from the top until the link has the focus: it is in the keyboard's path
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the other region's link is not reachable with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "region=93" in page.url
    expect(page.get_by_role("link", name=re.compile(other))).to_have_count(0)  # chosen: no longer offered
    expect(page.locator(".site-card", has_text="Avignon").first).to_contain_text("Provence")  # its operator named
    assert_no_axe_violations(page)
