"""Webhooks with real parts: a loopback receiver verifies each delivery with standardwebhooks; the outbox retries."""
from __future__ import annotations

import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from sqlalchemy import select

from bookingsite.booking import service
from bookingsite.booking.errors import SlotTaken
from bookingsite.extensions import current_settings, db
from bookingsite.messaging import outbox
from bookingsite.models.outbox import OutboxMessage
from bookingsite.models.webhooks import WebhookDelivery
from bookingsite.webhooks import subscriptions
from bookingsite.webhooks.payloads import EVENTS
from tests.booking.booking_helpers import NOW, SLOT, book_args, setup_site
from tests.factories import make_partner
from tests.webhooks.receiver import subscribe


def _log(sub) -> list[WebhookDelivery]:
    query = select(WebhookDelivery).where(WebhookDelivery.subscription_id == sub.id).order_by(WebhookDelivery.id)
    return list(db.session.scalars(query))


def _webhook_rows() -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.kind == "webhook").order_by(OutboxMessage.id)
    return list(db.session.scalars(query.execution_options(populate_existing=True)))


def test_a_booking_created_moved_cancelled_reaches_its_operator_signed(app, receiver):
    site, _kind = setup_site()
    sub = subscribe(receiver, "/operator", operator_id=site.operator_id)
    booking = service.book(**book_args(site))
    service.reschedule_booking(booking.reference, SLOT + timedelta(hours=4), NOW)
    service.cancel_booking(booking.reference, NOW)
    got = receiver.received("/operator")
    assert [d.payload["type"] for d in got] == ["booking.created", "booking.moved", "booking.cancelled"]
    assert all(d.verified and d.status == 200 for d in got)
    assert len({d.headers["webhook-id"] for d in got}) == 3  # one id per event
    moved = got[1].payload["data"]
    assert moved == {"reference": booking.reference, "site_id": site.id, "start": "2026-12-02T14:00:00+01:00",
                     "end": "2026-12-02T15:00:00+01:00", "modality": "site", "appointment_type": "first",
                     "channel": "web", "status": "confirmed", "no_show": False}
    assert not any(word in d.body for d in got for word in (b"Marie", b"marie@", b"+336"))  # no personal data
    assert [(row.status_code, row.error) for row in _log(sub)] == [(200, None)] * 3
    assert {row.status for row in _webhook_rows()} == {"sent"}


def test_a_refused_change_records_no_webhook(app, receiver):
    site, _kind = setup_site()
    subscribe(receiver, "/operator", operator_id=site.operator_id)
    service.book(**book_args(site))
    with pytest.raises(SlotTaken):  # rolled back with its transaction: no webhook row survives it
        service.book(**book_args(site, email="paul@example.fr", phone=None, name="Paul Martin"))
    assert len(_webhook_rows()) == 1 and len(receiver.received("/operator")) == 1


@pytest.mark.parametrize(("tamper", "why"), [
    (lambda body, headers: (body.replace(b'"site"', b'"video"'), headers), "body changed"),
    (lambda body, headers: (body, {**headers, "webhook-signature": "v1,"
                                   + "A" * 43 + "="}), "signature replaced"),
    (lambda body, headers: (body, {**headers, "webhook-id": "msg_999999"}), "id changed, signature kept"),
    (lambda body, headers: (body, {**headers, "webhook-timestamp": str(int(headers["webhook-timestamp"]) - 1)}),
     "timestamp changed, signature kept"),
])
def test_the_receiver_rejects_a_tampered_delivery(app, receiver, tamper, why):
    site, _kind = setup_site()
    subscribe(receiver, "/operator", operator_id=site.operator_id)
    service.book(**book_args(site))
    genuine = receiver.received("/operator")[0]
    assert genuine.verified
    body, headers = tamper(genuine.body, {k: v for k, v in genuine.headers.items()
                                          if k.startswith("webhook-") or k == "content-type"})
    request = urllib.request.Request(receiver.url("/operator"), data=body, headers=headers, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 401, why
    assert receiver.received("/operator")[-1].verified is False


def test_a_partner_receives_its_own_bookings_only(app, receiver):
    site, _kind = setup_site()
    ours, theirs = make_partner(), make_partner()
    subscribe(receiver, "/ours", partner_id=ours.id)
    subscribe(receiver, "/theirs", partner_id=theirs.id)
    subscribe(receiver, "/other-operator", operator_id=setup_site()[0].operator_id)
    booking = service.book(**book_args(site, channel="widget", partner_id=ours.id))
    service.book(**book_args(site, start=SLOT + timedelta(hours=1), email="paul@example.fr", phone=None))  # web
    assert [d.payload["data"]["reference"] for d in receiver.received("/ours")] == [booking.reference]
    assert receiver.received("/theirs") == [] and receiver.received("/other-operator") == []


def test_only_the_events_asked_for_are_sent(app, receiver):
    site, _kind = setup_site()
    subscribe(receiver, "/cancellations", events=["booking.cancelled"], operator_id=site.operator_id)
    booking = service.book(**book_args(site))
    service.cancel_booking(booking.reference, NOW)
    assert [d.payload["type"] for d in receiver.received("/cancellations")] == ["booking.cancelled"]


def test_a_refused_delivery_is_retried_with_the_same_webhook_id(app, receiver):
    site, _kind = setup_site()
    sub = subscribe(receiver, "/flaky", operator_id=site.operator_id)
    receiver.answer("/flaky", 500, 200)
    service.book(**book_args(site))
    (row,) = _webhook_rows()
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 1, NOW + timedelta(seconds=60))
    assert row.last_error == "the receiver answered 500 Internal Server Error"
    later = NOW + timedelta(minutes=2)
    for row_id in outbox.due_ids(later):  # what the sweep of the queue does
        assert outbox.deliver(row_id, later, current_settings()) == "sent"
    first, second = receiver.received("/flaky")
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == f"msg_{row.id}"
    assert first.verified and second.verified and first.body == second.body
    assert [(r.webhook_id, r.status_code, r.error) for r in _log(sub)] == [
        (f"msg_{row.id}", 500, "the receiver answered 500 Internal Server Error"), (f"msg_{row.id}", 200, None)]


@pytest.mark.parametrize(("url", "private_ok"), [
    ("http://127.0.0.1:{port}/operator", False),  # loopback, not allowed for this subscription
    ("http://10.1.2.3/hook", False),  # a private network
    ("http://169.254.169.254/latest/meta-data", True),  # cloud metadata: never, even when private is allowed
])
def test_a_private_address_is_refused_and_logged_in_plain_words(make_app, receiver, url, private_ok):
    app = make_app(OUTBOX_ATTEMPTS=1)
    with app.app_context():
        site, _kind = setup_site()
        sub = subscriptions.add_subscription(url.format(port=receiver.port), list(EVENTS), NOW,
                                             operator_id=site.operator_id, allow_private_network=private_ok)
        service.book(**book_args(site))
        (row,) = _webhook_rows()
        assert receiver.deliveries == []
        refusal = "the address points to a private or local network; only public servers are allowed"
        assert [(r.status_code, r.error) for r in _log(sub)] == [(None, refusal)]
        assert (row.status, row.last_error) == ("failed", refusal)  # shown to supervisors, counted on /healthz


def test_disabling_a_subscription_drops_its_webhooks_not_sent_yet(app, receiver):
    site, _kind = setup_site()
    sub = subscribe(receiver, "/down", operator_id=site.operator_id)
    receiver.answer("/down", 503)
    booking = service.book(**book_args(site))
    subscriptions.disable(sub.id)
    later = NOW + timedelta(hours=1)
    assert outbox.due_ids(later) == [] and [r.status for r in _webhook_rows()] == ["superseded"]
    service.cancel_booking(booking.reference, NOW)
    assert len(receiver.received("/down")) == 1  # the first attempt only; nothing recorded once disabled
