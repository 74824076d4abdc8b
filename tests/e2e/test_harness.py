"""The harness tests itself: a deliberately broken label makes the axe check fail; the fixed page passes."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import render_template_string
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bookingsite import create_app
from tests.e2e.conftest import LIVE_CONFIG, assert_no_axe_violations, axe_violations

pytestmark = pytest.mark.e2e
TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def harness_site(live_server, start_server):
    """The real site (same layout, same headers) plus a test-only route serving tests/e2e/templates/<name>.html."""
    app = create_app({**LIVE_CONFIG, "DATABASE_URL": live_server.database_url})

    @app.get("/_harness/<name>")
    def harness_page(name: str):
        return render_template_string((TEMPLATES / f"{name}.html").read_text(encoding="utf-8"))

    return start_server(wsgi=app)


def test_a_broken_label_makes_the_axe_check_fail(page, harness_site):
    page.goto(f"{harness_site.url}/_harness/broken_label")
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)
    report = str(failure.value)
    assert "- label (critical)" in report and "#email" in report  # the rule, its impact and the node, readable


def test_the_same_page_with_its_label_tied_passes(page, harness_site):
    page.goto(f"{harness_site.url}/_harness/fixed_label")
    assert_no_axe_violations(page)


def test_only_wcag_a_and_aa_rules_count(page, harness_site):
    """Best-practice rules (e.g. 'region') are not WCAG failures: the check must not report them."""
    page.goto(f"{harness_site.url}/_harness/broken_label")
    assert {v["id"] for v in axe_violations(page)} == {"label"}


def test_a_broken_flow_fails_rather_than_hangs(page):
    page.goto("/")
    with pytest.raises(PlaywrightTimeout):
        page.get_by_role("button", name="No such button").click(timeout=500)
