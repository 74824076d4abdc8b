"""Which events reach which subscriber: a finished questionnaire, a no-show, a booking made at the agent desk."""
from __future__ import annotations

from datetime import UTC, datetime

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.models.outbox import OutboxMessage
from bookingsite.prequal.service import record_prequal
from bookingsite.webhooks import subscriptions
from tests.booking.booking_helpers import NOW, book_args, setup_site
from tests.factories import make_operator, make_partner
from tests.piloting.history import login, make_agent
from tests.prequal.helpers import answers
from tests.webhooks.receiver import Receiver, subscribe


def test_a_finished_questionnaire_reaches_its_partner_and_the_operator_of_its_region(app, receiver):
    partner = make_partner()
    subscribe(receiver, "/partner", partner_id=partner.id)
    subscribe(receiver, "/grand-est", operator_id=make_operator(region_code="44").id)  # the place: 67000
    subscribe(receiver, "/ile-de-france", operator_id=make_operator(region_code="11").id)
    subscribe(receiver, "/other-partner", partner_id=make_partner().id)
    row = record_prequal(answers(), "widget", partner.id, None, "fr", datetime(2026, 12, 1, 8, tzinfo=UTC))
    for path in ("/partner", "/grand-est"):
        (delivery,) = receiver.received(path)
        assert delivery.verified and delivery.payload == {
            "type": "prequal.finished", "timestamp": "2026-12-01T08:00:00+00:00",
            "data": {"id": row.id, "channel": "widget", "scope": "in", "appointment_type": row.appointment_type,
                     "region": "44"}}
    assert receiver.received("/ile-de-france") == [] and receiver.received("/other-partner") == []
    assert b"67000" not in receiver.received("/partner")[0].body  # the answers stay here


def test_a_booking_made_at_the_agent_desk_is_announced_too(app, receiver):
    site, _kind = setup_site()
    subscribe(receiver, "/operator", operator_id=site.operator_id)
    service.book(**book_args(site, channel="phone", reach=()))  # the caller chose no confirmation
    assert [d.payload["data"]["channel"] for d in receiver.received("/operator")] == ["phone"]


def test_a_no_show_marked_by_an_agent_is_announced(make_app, receiver: Receiver):
    app = make_app(NOW="2026-12-03T09:00:00+01:00")  # the day after the appointment
    with app.app_context():
        site, _kind = setup_site()
        subscribe(receiver, "/no-shows", events=["booking.no_show"], operator_id=site.operator_id)
        booking = service.book(**book_args(site, now=NOW))
        client = app.test_client()
        login(client, make_agent("supervisor"))
        assert client.post("/piloting/no-show", data={"reference": booking.reference}).status_code == 200
        (delivery,) = receiver.received("/no-shows")
        assert delivery.verified and delivery.payload["type"] == "booking.no_show"
        assert delivery.payload["data"]["no_show"] is True
        kinds = db.session.scalars(db.select(OutboxMessage.kind).where(OutboxMessage.change == "no_show")).all()
        assert kinds == ["webhook"]  # nothing to the person, no calendar rewrite: only the subscribers hear of it


def test_a_questionnaire_webhook_given_up_on_is_shown_to_national_supervisors(make_app):
    app = make_app(OUTBOX_ATTEMPTS=1)
    with app.app_context():
        partner = make_partner()
        subscriptions.add_subscription("http://10.9.9.9/hook", ["prequal.finished"], NOW, partner_id=partner.id)
        record_prequal(answers(), "widget", partner.id, None, "fr", datetime(2026, 12, 1, 8, tzinfo=UTC))
        client = app.test_client()
        login(client, make_agent("supervisor"))
        page = client.get("/piloting/messages?lang=en").get_data(as_text=True)
        assert 'aria-label="Send again: Webhook to a subscriber\'s server, Questionnaire finished"' in page
        assert "the address points to a private or local network" in page
        regional = app.test_client()
        login(regional, make_agent("supervisor", operator_id=make_operator(region_code="44").id))
        assert "Questionnaire finished" not in regional.get("/piloting/messages?lang=en").get_data(as_text=True)
