"""Supervisors see the messages the outbox gave up on, with why in plain words, and send them again."""
from __future__ import annotations

import pytest

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.models.outbox import OutboxMessage
from tests.booking.booking_helpers import book_args, setup_site
from tests.booking.booking_servers import free_port
from tests.factories import make_operator
from tests.piloting.history import login, make_agent


@pytest.fixture
def failed(make_app):
    """An app whose mail server never answers, with one booking whose e-mail was given up on (one attempt)."""
    application = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_TIMEOUT=2, OUTBOX_ATTEMPTS=1)
    with application.app_context():
        site, _kind = setup_site(region_code="11")
        booking = service.book(**book_args(site, phone=None))
        row = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.kind == "mail"))
        assert row.status == "failed"
        application.row_id, application.reference = row.id, booking.reference
        yield application


def test_a_supervisor_sees_the_failure_in_plain_words_and_sends_it_again(failed):
    client = failed.test_client()
    login(client, make_agent("supervisor"))
    assert 'href="/piloting/messages"' in client.get("/piloting/").get_data(as_text=True)  # found from the dashboard
    page = client.get("/piloting/messages").get_data(as_text=True)
    assert failed.reference in page and "E-mail à la personne" in page  # French by default
    assert "Le serveur de messagerie a refusé le message ou n'a pas pu être joint." in page
    assert 'name="csrf_token"' in page
    english = client.get("/piloting/messages?lang=en").get_data(as_text=True)
    assert "E-mail to the person" in english
    response = client.post(f"/piloting/messages/{failed.row_id}/retry")
    assert response.status_code == 303
    row = db.session.get(OutboxMessage, failed.row_id, populate_existing=True)
    # Tried again at once (the server is still down, and one attempt is all this app allows).
    assert row.status == "failed" and row.attempts == 1


@pytest.mark.parametrize(("role", "region", "list_status", "retry_status"), [
    ("agent", None, 403, 403),  # agents do not supervise deliveries
    ("supervisor", "84", 200, 404),  # another region's supervisor neither sees nor retries it
])
def test_who_may_see_and_retry(failed, role, region, list_status, retry_status):
    client = failed.test_client()
    operator = make_operator(region_code=region).id if region else None
    login(client, make_agent(role, operator_id=operator))
    listing = client.get("/piloting/messages")
    assert listing.status_code == list_status
    assert failed.reference not in listing.get_data(as_text=True)
    assert client.post(f"/piloting/messages/{failed.row_id}/retry").status_code == retry_status


def test_the_retry_button_needs_the_csrf_token(make_app):
    application = make_app(WTF_CSRF_ENABLED=True)
    with application.app_context():
        client = application.test_client()
        assert client.post("/piloting/messages/1/retry").status_code == 400
