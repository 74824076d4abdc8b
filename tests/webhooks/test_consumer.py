"""Webhooks delivered by real consumers of the queue, on its SQLite storage and on Redis (database 11)."""
from __future__ import annotations

from bookingsite.booking import service
from bookingsite.extensions import db
from tests.booking.booking_helpers import book_args, setup_site
from tests.jobs.jobs_helpers import queue_settings, until  # noqa: F401  (fixture)
from tests.jobs.test_consumer import _consumers, _statuses
from tests.webhooks.receiver import subscribe


def test_two_consumers_deliver_each_webhook_once(make_app, receiver, queue_settings):  # noqa: F811
    application = make_app(QUEUE_IMMEDIATE=False, **queue_settings)
    with application.app_context():
        site, _kind = setup_site()
        subscribe(receiver, "/operator", operator_id=site.operator_id)
        booking = service.book(**book_args(site, phone=None))
        service.cancel_booking(booking.reference, book_args(site)["now"])
        db.session.remove()
    assert receiver.deliveries == [] and _statuses(application) == {"pending"}  # recorded and enqueued only
    consumers = _consumers(application, 2)
    try:
        # The confirmation e-mail may be superseded by the cancellation's; each webhook is sent.
        assert until(lambda: len(receiver.received("/operator")) == 2 and "pending" not in _statuses(application))
    finally:
        for consumer in consumers:
            consumer.stop(graceful=True)
    got = receiver.received("/operator")
    assert sorted(d.payload["type"] for d in got) == ["booking.cancelled", "booking.created"]
    assert all(d.verified for d in got) and len({d.headers["webhook-id"] for d in got}) == 2
