"""Webhooks follow the booking and questionnaire events: rows recorded in the change's transaction, sent after.

Unlike the person's messages, webhooks are recorded whatever ``reach`` says: the agent desk chooses how the caller
is told, not what the subscribers hear.
"""
from __future__ import annotations

from flask import Flask

from bookingsite.booking.events import BookingChange, booking_changed, booking_changing
from bookingsite.core.queue import enqueue
from bookingsite.prequal.events import PrequalFinished, prequal_finished, prequal_finishing
from bookingsite.webhooks import record


def on_booking_changing(app: Flask, change: BookingChange) -> None:
    """Record the change's webhooks in the outbox, in the change's own transaction."""
    record.record_booking_event(change.booking_id, change.change, change.at)


def on_booking_changed(app: Flask, change: BookingChange) -> None:
    """Hand the committed change's webhooks to the task queue."""
    for row_id in record.pending_ids(booking_id=change.booking_id):
        enqueue("deliver_message", row_id)


def on_prequal_finishing(app: Flask, finished: PrequalFinished) -> None:
    """Record a finished questionnaire's webhooks, in its own transaction."""
    record.record_prequal_event(finished.prequal_id, finished.at)


def on_prequal_finished(app: Flask, finished: PrequalFinished) -> None:
    """Hand them to the task queue once committed (the outbox's sweep takes any left behind)."""
    for row_id in record.pending_ids(created_at=finished.at):
        enqueue("deliver_message", row_id)


def subscribe(app: Flask) -> None:
    """Connect webhooks to this app's booking and questionnaire events (called by ``create_app``)."""
    booking_changing.connect(on_booking_changing, sender=app)
    booking_changed.connect(on_booking_changed, sender=app)
    prequal_finishing.connect(on_prequal_finishing, sender=app)
    prequal_finished.connect(on_prequal_finished, sender=app)
