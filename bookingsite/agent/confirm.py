"""Confirmations chosen by the agent: by SMS, by e-mail, or none (the agent reads the reference aloud).

The booking service tells every channel the person gave; the desk books with ``reach`` set to the caller's choice,
so that the outbox records, in the booking's transaction, the operator's copies (calendar, iTIP) and only that
confirmation; the queue delivers them.
"""
from __future__ import annotations

from datetime import datetime

from bookingsite.booking import service
from bookingsite.booking.contact import normalize_phone
from bookingsite.booking.errors import InvalidContact
from bookingsite.core.queue import enqueue
from bookingsite.extensions import db
from bookingsite.messages import N_
from bookingsite.messaging import outbox
from bookingsite.models.booking import Booking
from bookingsite.phones import is_mobile

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


def reach_for(via: str) -> tuple[str, ...]:
    """The caller's channels the booking's messages take: only the confirmation the caller chose."""
    return {"sms": ("sms",), "email": ("mail",)}.get(via, ())


def resend(booking: Booking, via: str, revoke: bool, now: datetime) -> bool:
    """Queue the confirmation again by ``via`` (False when the caller cannot be reached so); with a new manage link
    when ``revoke``: the message is committed with the link's new version, in one transaction."""
    kinds = outbox.kinds_for(booking, reach_for(via))
    if not {"mail", "sms"} & set(kinds):
        return False
    [row] = outbox.record_messages(booking.id, "confirmed", now, kinds=[k for k in kinds if k in ("mail", "sms")])
    if revoke:  # e.g. the confirmation went to someone else: their copy of the link stops working
        service.revoke_manage_link(booking)  # commits the message with it
    else:
        db.session.commit()
    enqueue("deliver_message", row.id)
    return True
