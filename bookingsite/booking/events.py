"""What the booking layer announces: a booking changed, a slot list was shown (blinker signals).

``booking_changing`` is sent inside the write transaction (subscribers record what must follow it, in that
transaction), ``booking_changed`` after the commit (subscribers act on it). The booking layer only *sends*; messaging (e-mails, SMS, iTIP, CalDAV) and piloting (figures) *subscribe*, and
``create_app`` connects them, for that application only (the sender is the app). So booking imports neither, and
a change is announced once whatever the channel (public pages, agent desk, widget, API).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from blinker import Namespace
from flask import current_app

signals = Namespace()
# The person's channels a change is told by ("mail", "sms"; none: an empty tuple), or None for every channel the
# person gave. The operator's copies (CalDAV, iTIP) follow every change whatever it is.
Reach = tuple[str, ...] | None

booking_changed = signals.signal("booking-changed", doc="A booking was committed: keyword ``change`` (BookingChange).")
booking_changing = signals.signal(
    "booking-changing", doc="A booking is changing, inside its write transaction: keyword ``change`` (BookingChange).")
slot_list_shown = signals.signal("slot-list-shown", doc="Slots were offered: keyword ``shown`` (SlotListShown).")


@dataclass(frozen=True)
class BookingChange:
    """A change of a booking: "confirmed" (a hold became a booking), "rescheduled", "cancelled" or "no_show"."""

    booking_id: int
    change: str
    at: datetime
    reach: Reach = None  # the person's channels to tell ("mail", "sms"): the agent desk's choice; None: every one


@dataclass(frozen=True)
class SlotListShown:
    """A list of today's slots of a site was shown to someone who may book: the first one on offer, if any."""

    site_id: str
    at: datetime
    first_slot: datetime | None
    channel: str = "web"


def announce_change(booking_id: int, change: str, at: datetime, reach: Reach = None) -> None:
    """Tell the subscribers of this app that a booking changed (after its commit)."""
    booking_changed.send(current_app._get_current_object(),
                         change=BookingChange(booking_id, change, at, reach))


def record_change(booking_id: int, change: str, at: datetime, reach: Reach = None) -> None:
    """Tell the subscribers, *inside* the write transaction, what is about to be committed.

    What they add to the session (the outbox's messages) is committed with the change, or rolled back with it.
    """
    booking_changing.send(current_app._get_current_object(),
                          change=BookingChange(booking_id, change, at, reach))


def announce_slot_list(site_id: str, at: datetime, first_slot: datetime | None, channel: str = "web") -> None:
    """Tell the subscribers of this app that a slot list was shown."""
    slot_list_shown.send(current_app._get_current_object(),
                         shown=SlotListShown(site_id, at, first_slot, channel))
