"""Erasure and purge reach the copies: the operator's CalDAV calendar (a REAL Radicale) is rewritten without the
person's data, and the demo outbox's e-mails about their bookings are deleted; other people's copies stay."""
from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest

from bookingsite.booking import service
from bookingsite.extensions import current_settings, db
from bookingsite.messaging import mail
from bookingsite.models.booking import Booking
from tests.booking.booking_helpers import NOW, book_args, setup_site
from tests.booking.booking_servers import radicale  # noqa: F401  (fixture)
from tests.factories import make_settings
from tests.staff.staff_helpers import login, make_agent

MARIE = {"name": "Marie Curie", "email": "marie@example.fr", "phone": "06 12 34 56 78"}
PIERRE = {"name": "Pierre Dupont", "email": "pierre@example.fr", "phone": "06 98 76 54 32"}
SECRETS = (b"Marie Curie", b"marie@example.fr", b"+33612345678", b"Curie")


def _unfolded(raw: bytes) -> bytes:
    return raw.replace(b"\r\n ", b"").replace(b"\n ", b"")


def _events(radicale, collection) -> dict[str, bytes]:  # noqa: F811
    """UID -> the raw event, unfolded."""
    found = {}
    for raw in radicale.events(collection):
        found[str(icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]["UID"])] = _unfolded(raw)
    return found


def _outbox(app) -> list[bytes]:
    return [p.read_bytes() for p in Path(app.config["BOOKINGSITE_OUTBOX_DIR"]).glob("*.eml")]


@pytest.fixture
def two_people(app, radicale):  # noqa: F811
    """Marie and Pierre booked the same hour at a site with a CalDAV calendar and a booking address."""
    collection = radicale.make_calendar(f"c-{uuid.uuid4().hex[:8]}")
    site, _kind = setup_site(capacity=2, caldav_url=collection, booking_email="rdv@cep.example.fr")
    marie, pierre = (service.book(**book_args(site, **person)) for person in (MARIE, PIERRE))
    events = _events(radicale, collection)
    assert b"Marie Curie" in events[marie.uid] and b"+33612345678" in events[marie.uid]  # the copy holds them
    assert len(_outbox(app)) == 4  # each: the person's confirmation and the operator's iTIP copy
    return collection, marie, pierre


def _clean(raw: bytes) -> bool:
    return not any(secret in raw for secret in SECRETS)


def test_erasure_rewrites_the_calendar_copy_and_deletes_the_mails(app, client, radicale, two_people):  # noqa: F811
    collection, marie, pierre = two_people
    login(client, make_agent(role="supervisor"))
    response = client.post("/piloting/personal-data", data={"email": "marie@example.fr", "action": "erase",
                                                            "confirm": "yes"})
    assert response.status_code == 200
    events = _events(radicale, collection)
    assert set(events) == {marie.uid, pierre.uid}  # the appointment stays in the advisor's calendar…
    assert _clean(events[marie.uid]) and marie.reference[:4].encode() in events[marie.uid]  # …without Marie
    assert b"Pierre Dupont" in events[pierre.uid]  # Pierre's copy is untouched
    mails = _outbox(app)
    assert len(mails) == 2 and all(_clean(m) for m in mails) and all(b"pierre@example.fr" in m for m in mails)
    db.session.expire_all()
    assert db.session.get(Booking, marie.id).caldav_status == "ok"


def test_the_purge_cleans_the_copies_of_past_appointments(app, radicale, two_people):  # noqa: F811
    collection, marie, pierre = two_people
    app.config["BOOKINGSITE_NOW"] = (NOW + timedelta(days=2)).isoformat()  # both appointments are over
    out = app.test_cli_runner().invoke(args=["privacy", "purge", "--after-days", "0"])
    assert out.exit_code == 0, out.output
    assert "Calendar copies rewritten: 2 (0 waiting" in out.output and "outbox e-mails deleted: 4" in out.output
    events = _events(radicale, collection)
    assert set(events) == {marie.uid, pierre.uid} and all(_clean(e) and b"Pierre" not in e for e in events.values())
    assert _outbox(app) == []
    again = app.test_cli_runner().invoke(args=["privacy", "purge", "--after-days", "0"])
    assert "Anonymised 0" in again.output and "rewritten: 0" in again.output  # nothing left to do


def test_a_calendar_down_leaves_the_copy_to_the_outbox(app, radicale, two_people):  # noqa: F811
    from bookingsite.messaging import outbox
    from bookingsite.privacy import copies, personal_data

    collection, marie, _pierre = two_people
    href = marie.caldav_href
    marie.caldav_href = href.replace(radicale.url, "http://127.0.0.1:9")  # nobody listens there
    db.session.commit()
    personal_data.erase(db.session, [marie], NOW)
    assert copies.clean_copies([marie.id], [marie.reference], [], NOW, current_settings()).waiting == 1
    assert marie.caldav_status == "error"
    marie.caldav_href = href  # the server is back
    db.session.commit()
    later = NOW + timedelta(minutes=5)
    assert [outbox.deliver(row_id, later, current_settings()) for row_id in outbox.due_ids(later)] == ["sent"]
    assert _clean(_events(radicale, collection)[marie.uid])


def test_an_erasure_drops_the_persons_messages_still_waiting(app, two_people):
    from bookingsite.models.outbox import OutboxMessage
    from bookingsite.privacy import personal_data

    _collection, marie, _pierre = two_people
    db.session.execute(db.update(OutboxMessage).where(OutboxMessage.booking_id == marie.id)
                       .values(status="pending"))  # as if the mail server had been down since the booking
    db.session.commit()
    personal_data.erase(db.session, [marie], NOW)
    rows = db.session.execute(db.select(OutboxMessage.kind, OutboxMessage.change, OutboxMessage.status)
                              .where(OutboxMessage.booking_id == marie.id).order_by(OutboxMessage.id)).all()
    # Her e-mail and SMS can no longer go (the addresses are gone); the site's and the calendar's copies go on, blanked.
    assert sorted(tuple(r) for r in rows) == [
        ("caldav", "anonymised", "pending"), ("caldav", "confirmed", "pending"), ("itip", "confirmed", "pending"),
        ("mail", "confirmed", "superseded"), ("sms", "confirmed", "superseded")]


@pytest.mark.parametrize("subject, to, forgotten", [
    ("Nouveau rendez-vous – K7QX-4MZP", "rdv@cep.example.fr", True),  # the operator's copy, by its reference
    ("Votre rendez-vous CEP est confirmé (K7QX-4MZP)", "x@example.fr", True),  # the person's, by its reference
    ("Rappel (ABCD-EFGH)", "marie@example.fr", True),  # another booking, but sent to the person
    ("Rappel (ABCD-EFGH)", "paul@example.fr", False),  # someone else's
    ("K7QX4MZP", "paul@example.fr", False),  # not shown as a reference
])
def test_forget_outbox_matches_references_and_addresses(tmp_path, subject, to, forgotten):
    mail.send(mail.build_message("cep@example.fr", to, subject, "Marie Curie", NOW), make_settings(outbox_dir=str(tmp_path)))
    assert mail.forget_outbox(tmp_path, ["K7QX4MZP"], ["Marie@example.fr"]) == int(forgotten)
    assert len(list(tmp_path.glob("*.eml"))) == int(not forgotten)
