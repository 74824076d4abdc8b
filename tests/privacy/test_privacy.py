"""Privacy: the retention purge (idempotent, concurrent-safe, statistics unchanged), export/erase on request, no-show."""
from __future__ import annotations

import json
import logging
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, or_, select

from bookingsite.extensions import db
from bookingsite.models import Agenda
from bookingsite.models.agent import AuditEntry
from bookingsite.models.booking import Booking
from bookingsite.models.piloting import PurgeLog
from bookingsite.piloting.queries import Filters
from bookingsite.piloting.views import PARIS, build_tables
from bookingsite.privacy import personal_data
from bookingsite.vocabulary import PRIVACY_NOTICE_VERSION
from tests.piloting.history import NOW, load_history, login, make_agent

PERSONAL = or_(Booking.name.is_not(None), Booking.email.is_not(None), Booking.phone.is_not(None))


def _all_figures(app):
    with app.test_request_context():
        period = Filters(datetime(2025, 1, 1, tzinfo=PARIS), datetime(2027, 1, 1, tzinfo=PARIS), None)
        return build_tables(period)


def test_purge_erases_past_personal_data_keeps_every_figure_and_is_idempotent(app):
    load_history(bookings=1500, prequals=500, offers=100)
    before = _all_figures(app)
    result = personal_data.purge(db.session, NOW, after_days=0)
    assert result.bookings > 1000
    past = select(func.count()).select_from(Booking).where(Booking.end < NOW, PERSONAL)
    assert db.session.scalar(past) == 0
    assert db.session.scalar(select(func.count()).select_from(Booking).where(PERSONAL)) > 0  # future ones kept
    assert _all_figures(app) == before
    assert personal_data.purge(db.session, NOW, after_days=0).bookings == 0  # a second run finds nothing
    assert [log.bookings for log in db.session.scalars(select(PurgeLog).order_by(PurgeLog.id))] == [result.bookings, 0]


@pytest.mark.parametrize("after_days, purged", [
    (30, {"old"}),  # ended 40 days ago: purged; 10 days ago: kept
    (5, {"old", "recent"}),  # a shorter retention takes both
    (60, set()),  # a longer one neither
])
def test_purge_respects_the_retention_period(app, after_days, purged):
    load_history(bookings=0, prequals=0, offers=0)
    agenda = db.session.scalars(select(Agenda).limit(1)).first()
    for ref, days in (("old", 40), ("recent", 10)):
        start = NOW - timedelta(days=days)
        db.session.add(Booking(reference=ref, site_id=agenda.site_id, agenda_id=agenda.id, appointment_type_id="first",
                               modality="site", start=start, end=start + timedelta(hours=1), status="confirmed",
                               name="Jeanne Test", email="jeanne@example.org", phone="+33612345678",
                               created_at=start - timedelta(days=3), confirmed_at=start - timedelta(days=3)))
    db.session.commit()
    personal_data.purge(db.session, NOW, after_days)
    gone = {b.reference for b in db.session.scalars(select(Booking).where(Booking.email.is_(None)))}
    assert gone == purged


def test_two_purges_at_once_count_each_booking_once(make_app):
    app = make_app()
    with app.app_context():
        load_history(bookings=800, prequals=100, offers=0)
    counts, errors = [], []

    def run():
        try:
            with app.app_context():
                counts.append(personal_data.purge(db.session, NOW, after_days=0).bookings)
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Booking).where(Booking.anonymised_at.is_not(None)))
    assert sum(counts) == total > 0


def test_cli_purge(app):
    load_history(bookings=300, prequals=10, offers=0)
    out = app.test_cli_runner().invoke(args=["privacy", "purge", "--after-days", "0"])
    assert out.exit_code == 0 and "Anonymised" in out.output
    assert db.session.scalar(select(func.count()).select_from(Booking).where(Booking.end < NOW, PERSONAL)) == 0


@pytest.fixture
def person(app):
    load_history(bookings=50, prequals=20, offers=0)
    booking = db.session.scalars(select(Booking).order_by(Booking.id)).first()
    return booking


def test_export_then_erase_one_person_audited_and_scoped(app, client, person, caplog):
    caplog.set_level(logging.DEBUG)
    login(client, make_agent("supervisor"))
    email, phone, name, reference = person.email, person.phone, person.name, person.reference
    response = client.post("/piloting/personal-data", data={"email": email.upper(), "action": "export"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = json.loads(response.get_data(as_text=True))
    assert [b["reference"] for b in document["bookings"]] == [reference]
    assert document["bookings"][0]["name"] == name
    response = client.post("/piloting/personal-data", data={"phone": phone, "action": "erase"})
    assert response.status_code == 422  # the confirmation box was not ticked
    response = client.post("/piloting/personal-data", data={"phone": phone, "action": "erase", "confirm": "yes"})
    assert response.status_code == 200
    db.session.expire_all()
    erased = db.session.scalar(select(Booking).where(Booking.reference == reference))
    assert (erased.name, erased.email, erased.phone) == (None, None, None) and erased.anonymised_at is not None
    actions = [(e.action, e.booking_reference) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert ("privacy_export", reference) in actions and ("privacy_erase", reference) in actions
    logged = caplog.text
    for secret in (email, phone, name, email.upper()):
        assert secret not in logged


def test_a_supervisor_of_another_operator_finds_nothing(app, client, person):
    other = "demo-op-01" if not person.site_id.startswith("demo-971") else "demo-op-02"
    login(client, make_agent("supervisor", operator_id=other))
    response = client.post("/piloting/personal-data", data={"email": person.email, "action": "export"})
    assert response.status_code == 422


@pytest.mark.parametrize("data", [
    {"action": "export"},  # neither e-mail nor phone
    {"email": "nobody@example.org", "action": "export"},  # nobody has it
])
def test_person_form_errors_are_tied_to_the_field(app, client, person, data):
    login(client, make_agent("supervisor"))
    response = client.post("/piloting/personal-data", data=data)
    assert response.status_code == 422 and 'id="email-error"' in response.get_data(as_text=True)


def test_no_show_is_marked_and_audited(app, client, person):
    past = db.session.scalars(select(Booking).where(Booking.status == "confirmed", Booking.start < NOW,
                                                    Booking.no_show.is_(False))).first()
    future = db.session.scalars(select(Booking).where(Booking.start > NOW)).first()
    login(client, make_agent("supervisor"))
    assert client.post("/piloting/no-show", data={"reference": future.reference}).status_code == 422
    assert client.post("/piloting/no-show", data={"reference": "NOPE"}).status_code == 422
    assert client.post("/piloting/no-show", data={"reference": past.reference.lower()}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Booking, past.id).no_show is True
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.booking_reference == past.reference)) \
        == "no_show"


def test_the_notice_shows_the_version_bookings_record(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert PRIVACY_NOTICE_VERSION in page
