"""The whole journey in a real browser: locator → a site's page → questionnaire → that site's slots → details →
confirmation → cancel through the manage link; in French and in English, axe-clean at each page."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_no_axe_violations, goto
from tests.e2e.test_booking_flow import TEXTS

pytestmark = pytest.mark.e2e

BOOK = {"fr": "Prendre rendez-vous", "en": "Book an appointment"}


def answer_questionnaire(page) -> None:
    """An employee on a permanent contract, not a manager, in Strasbourg, who wants a VAE, no deadline."""
    next_step = page.locator("button[value=next]")
    page.locator("input[name=status][value=employee]").check()
    next_step.click()
    page.locator("input[name=contract][value=permanent]").check()
    page.locator("input[name=manager][value=no]").check()
    next_step.click()
    page.locator("#place").fill("67000")
    next_step.click()
    page.locator("#needs-vae").check()
    next_step.click()
    page.locator("input[name=deadline][value=none]").check()
    next_step.click()
    page.locator("input[name=modality][value=site]").check()
    assert_no_axe_violations(page)
    next_step.click()
    page.wait_for_url(re.compile(r".*/questionnaire/result/[0-9a-f-]{36}$"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_from_the_locator_to_a_cancelled_appointment(request, lang):
    page = request.getfixturevalue("page" if lang == "fr" else "page_en")
    t = TEXTS[lang]
    goto(page, "/")
    page.locator("#q").fill("67000")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"/sites/\?q=67000"))
    assert_no_axe_violations(page)
    first_site = page.locator(".site-list h4 a").first
    site_name = first_site.inner_text()
    first_site.click()
    assert page.get_by_role("heading", level=1).inner_text() == site_name
    page.get_by_role("link", name=BOOK[lang]).last.click()

    answer_questionnaire(page)
    assert_no_axe_violations(page)
    page.get_by_role("link", name=BOOK[lang]).first.click()
    assert site_name in page.locator("main").inner_text()  # the slots of the site chosen at the start
    page.locator("input[name=slot][type=radio]").first.check()
    page.get_by_role("button", name=t["continue"], exact=True).click()
    page.get_by_label(t["name"]).fill("Camille Martin")
    page.get_by_label(t["email"]).fill("camille@example.fr")
    page.get_by_label(t["consent"]).check()
    page.get_by_role("button", name=t["confirm"]).click()

    assert page.get_by_role("heading", level=1).inner_text() == t["booked"]
    assert "VAE" in page.locator("main").inner_text()  # the questionnaire's summary is on the confirmation
    assert_no_axe_violations(page)
    page.get_by_role("link", name=t["manage"]).click()
    page.get_by_role("button", name=t["cancel"]).click()
    assert page.get_by_role("status").inner_text() == t["cancelled"]
