"""Confirmations chosen by the agent: by SMS, by e-mail, or none (the agent reads the reference aloud).

The booking service notifies every channel it has a detail for; the desk books with ``notify=False`` and then
sends the operator's copy (calendar, iTIP) and only the caller's chosen confirmation.
"""
from __future__ import annotations

import logging
from datetime import datetime

from bookingsite.booking.contact import normalize_phone
from bookingsite.booking.errors import InvalidContact
from bookingsite.extensions import db
from bookingsite.messages import N_
from bookingsite.messaging import notify
from bookingsite.models.booking import Booking
from bookingsite.phones import is_mobile

log = logging.getLogger("bookingsite.agent.confirm")
CHANNELS = ("sms", "email", "none")


class CannotConfirm(ValueError):
    """The chosen confirmation cannot reach the caller; ``field`` names the detail missing."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def check_channel(via: str, email: str | None, phone: str | None, region_code: str | None = None) -> None:
    """Refuse a confirmation channel the caller's details cannot carry (before booking)."""
    if via not in CHANNELS:
        raise CannotConfirm("confirm", N_("Choose how the caller gets the confirmation."))
    if via == "email" and not (email or "").strip():
        raise CannotConfirm("email", N_("Enter the caller's e-mail address, or choose another confirmation."))
    if via == "sms":
        try:
            number = normalize_phone(phone, region_code)
        except InvalidContact:
            number = None
        if not number or not is_mobile(number):
            raise CannotConfirm("phone", N_("Enter the caller's mobile number, or choose another confirmation."))


def _step(name: str, action) -> bool:
    try:
        action()
        return True
    except Exception:
        log.exception("confirmation step %s failed", name)
        db.session.rollback()
        return False


def send_to_caller(booking: Booking, via: str, change: str, now: datetime) -> bool:
    """Send the caller the confirmation of ``change`` by ``via``; False when it could not be sent."""
    if via == "email" and booking.email:
        return _step("mail", lambda: notify.mail_person(booking, change, now))
    if via == "sms" and booking.phone and is_mobile(booking.phone):
        return _step("sms", lambda: notify.sms_person(booking, change, now))
    return via == "none"


def after_agent_change(booking: Booking, via: str, change: str, now: datetime) -> bool:
    """The operator's copy (CalDAV, iTIP e-mail), then the caller's chosen confirmation."""
    _step("caldav", lambda: notify.sync_caldav(booking, now))
    _step("operator mail", lambda: notify.mail_operator(booking, change, now))
    return send_to_caller(booking, via, change, now)
