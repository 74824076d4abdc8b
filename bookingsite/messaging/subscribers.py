"""Messaging follows the booking layer's events: record the messages of a change in its transaction, then send them.

``on_booking_changing`` runs inside the booking's write transaction: the outbox rows (CalDAV copy, iTIP to the
site, the person's e-mail and SMS) are committed with the change or not at all. ``on_booking_changed`` runs after
the commit and hands each row to the task queue; the periodic sweep catches whatever the queue did not take.
"""
from __future__ import annotations

from flask import Flask

from bookingsite.booking.events import BookingChange, booking_changed, booking_changing
from bookingsite.core.queue import enqueue
from bookingsite.messaging import outbox

# Changes that call for no message: a no-show is for the figures (and webhooks), not for the person or the calendar.
SILENT = frozenset({"no_show"})


def on_booking_changing(app: Flask, change: BookingChange) -> None:
    """Record the change's messages in the outbox, in the change's own transaction."""
    if change.change not in SILENT:
        outbox.record_messages(change.booking_id, change.change, change.at, change.reach)


def on_booking_changed(app: Flask, change: BookingChange) -> None:
    """Hand the committed change's messages to the task queue."""
    for row_id in outbox.pending_ids(change.booking_id):
        enqueue("deliver_message", row_id)


def subscribe(app: Flask) -> None:
    """Connect messaging to this app's booking events (called by ``create_app``)."""
    booking_changing.connect(on_booking_changing, sender=app)
    booking_changed.connect(on_booking_changed, sender=app)
