"""Messaging follows the booking layer's events: after each committed change, the calendars and the person."""
from __future__ import annotations

from flask import Flask

from bookingsite.booking.events import BookingChange, booking_changed
from bookingsite.extensions import db
from bookingsite.messaging import notify
from bookingsite.models.booking import Booking


def on_booking_changed(app: Flask, change: BookingChange) -> None:
    """Copy the change to the operator's calendar (CalDAV, iTIP) and tell the person (e-mail, SMS)."""
    if not change.notify:
        return  # the agent desk sends each message itself and reports how each went
    booking = db.session.get(Booking, change.booking_id)
    if booking is not None:
        notify.after_change(booking, change.change, change.at)


def subscribe(app: Flask) -> None:
    """Connect messaging to this app's booking events (called by ``create_app``)."""
    booking_changed.connect(on_booking_changed, sender=app)
