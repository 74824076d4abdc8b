"""Issue 14 (low): manage links can be revoked, and a cancelled booking's link shows only that it is cancelled."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from itsdangerous import URLSafeSerializer

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.prequal.service import record_prequal
from tests.booking.booking_helpers import NOW, book_args, setup_site
from tests.prequal.helpers import answers
from tests.staff.staff_helpers import login, make_agent


@pytest.fixture
def booking(app):
    site, _kind = setup_site()
    prequal = record_prequal(answers("employee"), "web", None, None, "fr", datetime(2026, 12, 1, tzinfo=UTC))
    return service.book(**book_args(site, prequal_id=prequal.id))


def legacy_token(reference: str) -> str:
    """A link signed before manage links had versions: the reference alone."""
    return URLSafeSerializer("test-secret", salt="booking-manage").dumps(reference)


def test_revoking_stops_every_earlier_link(booking, client):
    old, legacy = service.manage_token(booking), legacy_token(booking.reference)
    assert client.get(f"/booking/manage/{old}").status_code == 200
    assert client.get(f"/booking/manage/{legacy}").status_code == 200  # links already sent keep working
    new = service.revoke_manage_link(booking)
    for token, status in ((old, 404), (legacy, 404), (new, 200)):
        assert client.get(f"/booking/manage/{token}").status_code == status
    assert client.post(f"/booking/manage/{old}/cancel").status_code == 404
    db.session.refresh(booking)
    assert booking.status == "confirmed"


@pytest.mark.parametrize("path, status", [
    ("", 200),  # the manage page
    ("/move", 409),  # the move page
    ("/booking.ics", 410),  # the calendar file
    ("done", 200),  # the confirmation page (same token)
])
def test_a_cancelled_bookings_link_shows_only_its_cancellation(booking, client, path, status):
    token = service.manage_token(booking)
    service.cancel_booking(booking.reference, NOW)
    url = f"/booking/done/{token}" if path == "done" else f"/booking/manage/{token}{path}"
    answer = client.get(url + "?lang=en")
    text = answer.get_data(as_text=True)
    assert answer.status_code == status and "This appointment is cancelled" in text
    assert "marie@example.fr" not in text and "Marie" not in text  # no contact details
    assert "Your answers" not in text and "Permanent contract" not in text  # no questionnaire answers
    assert "<form" not in text.split("<main", 1)[1]  # and no action


def test_the_agent_revokes_the_link_and_sends_a_new_one(booking, client, tmp_path):
    login(client, make_agent())
    old = service.manage_token(booking)
    answer = client.post(f"/agent/bookings/{booking.reference}/resend", data={"via": "email", "revoke": "yes"})
    assert answer.status_code == 302
    assert client.get(f"/booking/manage/{old}").status_code == 404
    newest = max((tmp_path / "outbox").glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    body = newest.read_bytes().replace(b"=\n", b"").replace(b"=\r\n", b"")
    assert service.manage_token(booking).encode() in body and old.encode() not in body
