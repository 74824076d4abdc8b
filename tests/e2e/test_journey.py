"""The whole journey in a real browser: locator → a site's page → questionnaire → that site's slots → details →
confirmation → cancel through the manage link; in French and in English, axe-clean at each page."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, click_through, goto
from tests.e2e.test_booking_flow import TEXTS

pytestmark = pytest.mark.e2e

BOOK = {"fr": "Prendre rendez-vous", "en": "Book an appointment"}


def answer_questionnaire(page) -> None:
    """An employee on a permanent contract, not a manager, in Strasbourg, who wants a VAE, no deadline."""
    next_step = page.locator("button[value=next]")
    page.locator("input[name=status][value=employee]").check()
    click_through(page, next_step)
    page.locator("input[name=contract][value=permanent]").check()
    page.locator("input[name=manager][value=no]").check()
    click_through(page, next_step)
    page.locator("#place").fill("67000")
    click_through(page, next_step)
    page.locator("#needs-vae").check()
    click_through(page, next_step)
    page.locator("input[name=deadline][value=none]").check()
    click_through(page, next_step)
    page.locator("input[name=modality][value=site]").check()
    assert_no_axe_violations(page)
    click_through(page, next_step, url=re.compile(r".*/questionnaire/result/[0-9a-f-]{36}$"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_from_the_locator_to_a_cancelled_appointment(request, lang):
    page = request.getfixturevalue("page" if lang == "fr" else "page_en")
    t = TEXTS[lang]
    goto(page, "/")
    page.locator("#q").fill("67000")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"/sites/\?q=67000"))
    assert_no_axe_violations(page)
    first_site = page.locator(".site-list h3 a").first
    site_name = first_site.inner_text()
    click_through(page, first_site)
    expect(page.get_by_role("heading", level=1)).to_have_text(site_name, use_inner_text=True)
    click_through(page, page.get_by_role("link", name=BOOK[lang]).last)

    answer_questionnaire(page)
    assert_no_axe_violations(page)
    click_through(page, page.get_by_role("link", name=BOOK[lang]).first)
    # The slots of the site chosen at the start.
    expect(page.locator("main")).to_contain_text(site_name, use_inner_text=True)
    page.locator("input[name=slot][type=radio]").first.check()
    click_through(page, page.get_by_role("button", name=t["continue"], exact=True).first)  # right after the list
    page.get_by_label(t["name"]).fill("Camille Martin")
    page.get_by_label(t["email"]).fill("camille@example.fr")
    page.get_by_label(t["consent"]).check()
    click_through(page, page.get_by_role("button", name=t["confirm"]))

    expect(page.get_by_role("heading", level=1)).to_have_text(t["booked"], use_inner_text=True)
    # The questionnaire's summary is on the confirmation.
    expect(page.locator("main")).to_contain_text("VAE", use_inner_text=True)
    assert_no_axe_violations(page)
    click_through(page, page.get_by_role("link", name=t["manage"]))
    click_through(page, page.get_by_role("link", name=t["cancel"]))  # cancelling asks first
    assert_no_axe_violations(page)
    click_through(page, page.get_by_role("button", name=t["yes"]))
    expect(page.get_by_role("status")).to_have_text(t["cancelled"], use_inner_text=True)
