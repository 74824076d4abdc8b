"""Browser check of the supervisors' list of undelivered messages: axe-clean in French and English, retry by keyboard."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from bookingsite.extensions import db
from bookingsite.models import Site
from bookingsite.models.outbox import OutboxMessage
from tests.e2e.conftest import assert_no_axe_violations, click_through
from tests.e2e.test_piloting import log_in

pytestmark = pytest.mark.e2e


def _book_through_the_site(page, live_server) -> None:
    with live_server.app.app_context():
        site_id = db.session.scalar(select(Site.id).where(Site.id.like("demo-%")).order_by(Site.id))
        db.session.remove()
    page.goto(f"/booking/site/{site_id}")
    page.locator("main input[type=radio]").first.check()
    click_through(page, page.locator("main form:has(input[type=radio]) button[type=submit]").first)
    page.fill("#name", "Léa Martin")
    page.fill("#email", "lea.martin@example.org")
    page.check("#consent")
    click_through(page, page.locator("main form:has(#consent) button[type=submit]"))


def test_failed_messages_page_is_accessible_and_retries(page, live_server):
    _book_through_the_site(page, live_server)
    with live_server.app.app_context():  # as if the mail server had refused it at every attempt
        row_id = db.session.scalar(select(func.max(OutboxMessage.id)).where(OutboxMessage.kind == "mail"))
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(
            status="failed", attempts=8, last_error="550 5.1.1 mailbox unavailable"))
        db.session.commit()
        db.session.remove()
    log_in(page, live_server, role="supervisor")
    page.goto("/piloting/messages?lang=en")
    assert page.locator("h1").inner_text() == "Messages not delivered"
    assert_no_axe_violations(page)
    page.goto("/piloting/messages?lang=fr")
    buttons = page.get_by_role("button", name="Renvoyer")
    failed = buttons.count()  # other tests of the session may have left some
    assert "550 5.1.1" in page.locator("main table").inner_text()
    assert_no_axe_violations(page)
    page.locator(f"form[action$='/messages/{row_id}/retry'] button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[role=status]").is_visible()
    assert buttons.count() == failed - 1  # delivered this time (to the outbox folder)
    assert_no_axe_violations(page)
