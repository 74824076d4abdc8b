"""The booking layer's events: each committed change is announced once, and a slot list's figure is written after
the page is built (the GET itself writes nothing)."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from flask import template_rendered

from bookingsite.booking import service
from bookingsite.booking.events import BookingChange, booking_changed, slot_list_shown
from bookingsite.extensions import db
from bookingsite.models.piloting import SlotOffer
from tests.booking.booking_helpers import NOW, SLOT, book_args, setup_site


@contextmanager
def received(signal, app):
    """The keyword payloads ``signal`` sends for ``app`` while the block runs."""
    payloads = []

    def receiver(sender, **kwargs):
        payloads.extend(kwargs.values())

    signal.connect(receiver, sender=app)
    try:
        yield payloads
    finally:
        signal.disconnect(receiver, sender=app)


def emails(app) -> int:
    """How many e-mails the site wrote to its outbox (no SMTP host in tests)."""
    return len(list(Path(app.config["BOOKINGSITE_OUTBOX_DIR"]).glob("*.eml")))


def test_each_committed_change_is_announced_once_with_the_booking_id(app):
    """Confirmed (book), moved, cancelled: one event each, naming the booking and the change."""
    site, _kind = setup_site()
    with received(booking_changed, app) as events:
        booking = service.book(**book_args(site))
        service.reschedule_booking(booking.reference, SLOT + timedelta(days=1), NOW)
        service.cancel_booking(booking.reference, NOW)
    assert events == [BookingChange(booking.id, "confirmed", NOW),
                      BookingChange(booking.id, "rescheduled", NOW),
                      BookingChange(booking.id, "cancelled", NOW)]


def test_a_refused_change_announces_nothing(app):
    """The slot is taken: no booking, no event (and so no message)."""
    site, _kind = setup_site()
    service.book(**book_args(site))
    with received(booking_changed, app) as events:
        try:
            service.book(**book_args(site, email="other@example.fr", phone=None))
        except service.SlotTaken:
            pass
    assert events == []


def test_messaging_tells_the_person_only_by_the_channels_the_change_names(app):
    """``reach=()`` (the agent desk, no confirmation chosen) is announced too; messaging then sends the person none."""
    site, _kind = setup_site()
    with received(booking_changed, app) as events:
        quiet = service.book(**book_args(site, reach=()))
    assert events == [BookingChange(quiet.id, "confirmed", NOW, ())] and emails(app) == 0
    service.book(**book_args(site, start=SLOT + timedelta(days=1), email="paul@example.fr", phone=None))
    assert emails(app) == 1  # the person's confirmation, sent by messaging's subscriber (the site has no iTIP address)


def test_the_slot_list_figure_is_written_after_the_page_is_built(app, client):
    """While the slot page renders, no figure is stored yet; once the response is built, there is one."""
    site, _kind = setup_site()
    seen_while_rendering = []

    def count_offers(sender, template, context, **extra):
        if template.name == "booking/slots.html":
            seen_while_rendering.append(db.session.query(SlotOffer).count())

    template_rendered.connect(count_offers, app)
    try:
        with received(slot_list_shown, app) as shown:
            assert client.get(f"/booking/site/{site.id}").status_code == 200
    finally:
        template_rendered.disconnect(count_offers, app)
    assert seen_while_rendering == [0]
    assert [(s.site_id, s.channel) for s in shown] == [(site.id, "web")]
    offer = db.session.query(SlotOffer).one()
    assert offer.site_id == site.id and offer.first_slot_at is not None and shown[0].first_slot is not None
