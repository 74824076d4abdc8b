"""Piloting follows the booking layer's events: each slot list shown feeds "delay to the first available slot".

A slot list is shown by a GET. The figure is written once that page's response is built (``after_this_request``),
in the request's own database session: the page never waits on, nor fails because of, a figure, and the write
happens while the request's application context (and its session) still exists. A response's ``call_on_close``
would run later still, but after that context is gone, with no session to write with.
"""
from __future__ import annotations

import logging

from flask import Flask, Response, after_this_request, has_request_context

from bookingsite.booking.events import SlotListShown, slot_list_shown
from bookingsite.extensions import db
from bookingsite.piloting.queries import record_slot_offer

log = logging.getLogger("bookingsite.piloting")


def on_slot_list_shown(app: Flask, shown: SlotListShown) -> None:
    """Record the slot offer after the response (at once outside a request)."""
    if not has_request_context():
        _record(shown)
        return

    @after_this_request
    def record_after(response: Response) -> Response:
        _record(shown)
        return response


def _record(shown: SlotListShown) -> None:
    """Write the figure; a failure is logged and never reaches the person."""
    try:
        record_slot_offer(db.session, shown.site_id, shown.at, shown.first_slot, shown.channel)
    except Exception:
        log.exception("slot offer of site %s not recorded", shown.site_id)
        db.session.rollback()


def subscribe(app: Flask) -> None:
    """Connect piloting to this app's booking events (called by ``create_app``)."""
    slot_list_shown.connect(on_slot_list_shown, sender=app)
