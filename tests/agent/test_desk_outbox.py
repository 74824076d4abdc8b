"""The desk's messages go through the outbox: recorded in the booking's transaction, delivered by the queue."""
from __future__ import annotations

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from bookingsite.extensions import current_settings, db
from bookingsite.messaging import outbox
from bookingsite.models.booking import Booking
from bookingsite.models.outbox import OutboxMessage
from tests.agent.desk_helpers import EMPLOYEE, answer_call, first_slot, lyon_site
from tests.booking.booking_helpers import NOW
from tests.booking.booking_servers import Inbox, free_port
from tests.staff.staff_helpers import login, make_agent

CALLER, SITE_MAILBOX = "jeanne@example.org", "rdv-lyon@cep.example.fr"


@pytest.fixture
def desk(make_app):
    """An agent logged in on a site whose mail server is down; ``start_smtp()`` brings it up."""
    port = free_port()
    application = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TIMEOUT=2, SMS_SENDER="memory")
    inbox, started = Inbox(), []
    with application.app_context():
        site, _kind = lyon_site()
        site.booking_email = SITE_MAILBOX
        db.session.commit()
        client = application.test_client()
        login(client, make_agent())

        def start_smtp():
            started.append(Controller(inbox, hostname="127.0.0.1", port=port))
            started[-1].start()

        yield client, site, inbox, start_smtp
    for controller in started:
        controller.stop()


def _rows() -> list[tuple[str, str]]:
    query = select(OutboxMessage.kind, OutboxMessage.status).order_by(OutboxMessage.id)
    return [tuple(r) for r in db.session.execute(query.execution_options(populate_existing=True))]


def _book(client, site, confirm: str):
    outcome = answer_call(client, EMPLOYEE)
    form = {"site": site.id, "slot": first_slot(client.get(outcome).get_data(as_text=True)), "consent": "yes",
            "name": "Jeanne Martin", "phone": "06 12 34 56 78", "email": CALLER, "confirm": confirm}
    return client.post(outcome + "/book", data=form)


def _deliver_due(minutes: int) -> None:
    later = NOW + timedelta(minutes=minutes)
    for row_id in outbox.due_ids(later):
        outbox.deliver(row_id, later, current_settings())


def test_a_desk_booking_records_the_chosen_confirmation_and_delivers_it_when_the_server_is_back(desk):
    client, site, inbox, start_smtp = desk
    response = _book(client, site, "email")
    assert response.status_code == 302  # booked at once, whatever the mail server
    assert db.session.scalars(select(Booking.status)).one() == "confirmed"
    # The site's iTIP and the caller's chosen e-mail, not the SMS the caller's mobile would allow.
    assert _rows() == [("itip", "pending"), ("mail", "pending")]
    assert "on its way" in client.get(response.headers["Location"] + "&lang=en").get_data(as_text=True)
    start_smtp()
    _deliver_due(2)
    _deliver_due(3)  # a second sweep sends nothing twice
    assert len(inbox.to(CALLER)) == 1 and len(inbox.to(SITE_MAILBOX)) == 1
    assert _rows() == [("itip", "sent"), ("mail", "sent")]


def test_no_confirmation_chosen_records_only_the_operators_copies(desk):
    client, site, inbox, start_smtp = desk
    start_smtp()
    assert _book(client, site, "none").status_code == 302
    assert _rows() == [("itip", "sent")]
    assert inbox.to(CALLER) == [] and len(inbox.to(SITE_MAILBOX)) == 1


def test_sending_again_with_a_new_link_commits_the_message_with_the_links_version(desk):
    client, site, inbox, start_smtp = desk
    start_smtp()
    reference = _book(client, site, "sms").headers["Location"].rsplit("/", 1)[1].split("?")[0]
    booking = db.session.scalars(select(Booking)).one()
    version = booking.manage_version or 0
    answer = client.post(f"/agent/bookings/{reference}/resend", data={"via": "email", "revoke": "yes"})
    assert answer.status_code == 302
    assert db.session.get(Booking, booking.id, populate_existing=True).manage_version == version + 1
    assert _rows() == [("itip", "sent"), ("sms", "sent"), ("mail", "sent")]
    assert len(inbox.to(CALLER)) == 1
    assert "has been sent again" in client.get(answer.headers["Location"] + "&lang=en").get_data(as_text=True)


def test_sending_again_by_a_channel_the_caller_cannot_take_changes_nothing(desk):
    client, site, _inbox, start_smtp = desk
    start_smtp()
    reference = _book(client, site, "none").headers["Location"].rsplit("/", 1)[1].split("?")[0]
    db.session.execute(db.update(Booking).values(phone="+33472000000"))  # a landline: no text message
    db.session.commit()
    version = db.session.scalars(select(Booking.manage_version)).one()
    answer = client.post(f"/agent/bookings/{reference}/resend", data={"via": "sms", "revoke": "yes"})
    assert answer.status_code == 422
    assert _rows() == [("itip", "sent")]  # no message recorded, and the caller's link still works
    assert db.session.scalars(select(Booking.manage_version).execution_options(populate_existing=True)).one() == version
