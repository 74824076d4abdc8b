"""Browser checks of the piloting pages: dashboard, no-show and personal-data forms, in French and English, axe-clean."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bookingsite.extensions import db
from bookingsite.models import Site
from tests.e2e.conftest import assert_no_axe_violations, click_through
from tests.piloting.history import PASSWORD, make_agent

pytestmark = pytest.mark.e2e


def log_in(page, live_server, role="admin", operator_id=None):
    """Create an agent in the live site's database and log in through the form."""
    with live_server.app.app_context():
        agent = make_agent(role, operator_id)
        email = agent.email
        db.session.remove()
    page.goto("/agent/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    # Not wait_for_load_state: it can answer for the login page, and a goto then cancels the login on its way.
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dashboard_is_accessible_and_filters_without_javascript(page, live_server, lang):
    log_in(page, live_server)
    page.goto(f"/piloting/?lang={lang}")
    heading = {"fr": "Tableau de bord de pilotage", "en": "Piloting dashboard"}[lang]
    assert page.locator("h1").inner_text() == heading
    assert page.locator("svg[role=img] title").count() >= 2  # the demo site has no bookings: fewer charts
    assert_no_axe_violations(page)
    page.select_option("#region", "84")
    page.fill("#start", "2026-01-01")
    with page.expect_navigation():
        page.locator("form.piloting-filters button[type=submit]").press("Enter")
    assert "region=84" in page.url
    assert page.locator("#table-coverage").count() == 1
    assert_no_axe_violations(page)


def test_bad_dates_are_reported_next_to_the_field(page, live_server):
    log_in(page, live_server)
    page.goto("/piloting/?start=01/02/2026")
    assert page.locator("#start-error").is_visible()
    assert page.locator("#start").get_attribute("aria-invalid") == "true"
    assert_no_axe_violations(page)


def test_operator_supervisor_is_refused_other_regions(page, live_server):
    log_in(page, live_server, role="supervisor", operator_id="demo-op-84")
    assert page.goto("/piloting/").status == 200
    assert page.locator("#region option").count() == 1
    assert page.goto("/piloting/?region=11").status == 403


@pytest.mark.parametrize("path, lang, role", [
    ("/piloting/no-show", "fr", "agent"),  # the no-show form
    ("/piloting/personal-data", "en", "supervisor"),  # the export/erase form (supervisors only)
])
def test_staff_forms_are_accessible_with_errors(page, live_server, path, lang, role):
    log_in(page, live_server, role=role)
    page.goto(f"{path}?lang={lang}")
    assert_no_axe_violations(page)
    click_through(page, page.locator("main button[type=submit]").first)
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page)


def test_privacy_notice_is_accessible(page, live_server):
    page.goto("/privacy")
    assert page.locator("h2").count() >= 5
    assert_no_axe_violations(page)


def test_a_booking_leaves_no_personal_data_in_the_logs(page, live_server, caplog):
    caplog.set_level(logging.DEBUG)
    with live_server.app.app_context():
        site_id = db.session.scalar(select(Site.id).where(Site.id.like("demo-%")).order_by(Site.id))
        db.session.remove()
    name, email, phone = "Zoé Confidentielle", "zoe.confidentielle@example.org", "06 12 34 56 78"
    page.goto(f"/booking/site/{site_id}")
    page.locator("main input[type=radio]").first.check()
    click_through(page, page.locator("main form:has(input[type=radio]) button[type=submit]").first)
    page.fill("#name", name)
    page.fill("#email", email)
    page.fill("#phone", phone)
    page.check("#consent")
    click_through(page, page.locator("main form:has(#consent) button[type=submit]"))
    assert "/booking/done/" in page.url
    logged = caplog.text + "".join(r.getMessage() for r in caplog.records)
    for secret in (name, email, phone, "612345678", "zoe.confidentielle"):
        assert secret not in logged
