"""Booking in a real browser, without JavaScript help: a site near a postal code, a time, details, confirmation,
then cancelling through the manage link; in French and in English; axe-clean at every step."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_no_axe_violations, goto

pytestmark = pytest.mark.e2e

TEXTS = {
    "fr": {"see": "Voir les horaires libres", "continue": "Continuer", "name": "Votre nom",
           "email": "Adresse e-mail", "consent": "J'accepte", "confirm": "Confirmer le rendez-vous",
           "booked": "Votre rendez-vous est réservé", "manage": "Annuler ou déplacer ce rendez-vous",
           "cancel": "Annuler mon rendez-vous", "cancelled": "Votre rendez-vous est annulé.",
           "find": "Trouver les lieux les plus proches", "place": "Votre code postal ou votre commune"},
    "en": {"see": "See the free times", "continue": "Continue", "name": "Your name", "email": "E-mail address",
           "consent": "I accept", "confirm": "Confirm the appointment", "booked": "Your appointment is booked",
           "manage": "Cancel or move this appointment", "cancel": "Cancel my appointment",
           "cancelled": "Your appointment is cancelled.", "find": "Find the nearest sites",
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
    page.get_by_role("button", name=t["find"]).click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile(t["see"])).first.click()
    assert_no_axe_violations(page)
    page.locator("input[name=slot][type=radio]").nth(slot_index).check()
    page.get_by_role("button", name=t["continue"], exact=True).click()

    # Details: keyboard only, errors first (no consent), then the right answer.
    page.get_by_label(t["name"]).focus()
    page.keyboard.type("Camille Martin")
    page.keyboard.press("Tab")
    page.keyboard.type("camille@example.fr")
    page.get_by_role("button", name=t["confirm"]).press("Enter")
    assert page.locator("#consent-error").is_visible()
    assert page.get_by_label(t["name"]).input_value() == "Camille Martin"  # kept
    assert_no_axe_violations(page)
    page.get_by_label(t["consent"]).check()
    page.get_by_role("button", name=t["confirm"]).click()

    assert page.get_by_role("heading", level=1).inner_text() == t["booked"]
    assert re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", page.locator(".reference").inner_text())
    assert_no_axe_violations(page)
    page.get_by_role("link", name=t["manage"]).click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=t["cancel"]).click()
    assert page.get_by_role("status").inner_text() == t["cancelled"]
    assert_no_axe_violations(page)


def test_tampered_manage_link_says_so(page):
    answer = goto(page, "/booking/manage/IkFCQ0RFRkdIIg.forged")
    assert answer.status == 404
    assert_no_axe_violations(page)
