"""Typed errors of the booking service; messages are English msgids the views translate."""
from __future__ import annotations

from typing import ClassVar

from bookingsite.messages import N_


class BookingError(Exception):
    """Base of every refusal the service gives; ``code`` is stable (API, logs, tests)."""

    code = "booking_error"
    message = N_("The booking could not be made.")


class SlotTaken(BookingError):
    """The slot was free when shown and is not any more; ``alternatives`` are the next free ones."""

    code = "slot_taken"
    message = N_("This slot has just been taken. Here are the next free ones.")

    def __init__(self, alternatives: list | None = None):
        super().__init__(self.message)
        self.alternatives = list(alternatives or [])


class InvalidSlot(BookingError):
    """The requested slot can never be booked (``reason``: past, too_soon, too_far, outside_hours, off_grid, …)."""

    code = "invalid_slot"
    REASONS: ClassVar[dict[str, str]] = {
        "past": N_("This time is in the past."),
        "too_soon": N_("This time is too soon: appointments are booked a little in advance."),
        "too_far": N_("This time is too far ahead: it cannot be booked yet."),
        "outside_hours": N_("The site is closed at this time."),
        "off_grid": N_("Appointments start at set times: choose one of the times offered."),
        "other_site": N_("This slot belongs to another site."),
        "unknown_site": N_("This site does not exist."),
        "wrong_type": N_("This kind of appointment is not offered here."),
        "wrong_modality": N_("This kind of appointment (on site, phone or video) is not offered here."),
        "no_agenda": N_("This site does not take bookings online: please call it."),
    }

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
        self.message = self.REASONS.get(reason, BookingError.message)


class InvalidContact(BookingError):
    """Contact details that cannot be used: ``errors`` maps every wrong field to its message (msgids), in the
    order of the form; ``field`` and ``message`` are the first of them (what a one-error answer, the API, says)."""

    code = "invalid_contact"

    def __init__(self, field: str, message: str, errors: dict[str, str] | None = None):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message
        self.errors = dict(errors or {field: message})

    @classmethod
    def of(cls, errors: dict[str, str]) -> InvalidContact:
        """The refusal naming every field of ``errors`` (not empty)."""
        field, message = next(iter(errors.items()))
        return cls(field, message, errors)

    def messages(self, translate) -> dict[str, str]:
        """Every field's message in the page's language (``translate`` is ``gettext``), for a form's summary."""
        return {field: translate(message) for field, message in self.errors.items()}


class HoldExpired(BookingError):
    """The slot was held for a few minutes only, and that time is over (or the hold is unknown)."""

    code = "hold_expired"
    message = N_("We kept this slot for you for a few minutes, and that time is over. Please choose a slot again.")


class BookingNotFound(BookingError):
    """No booking with this reference (or not one the caller may see)."""

    code = "not_found"
    message = N_("We could not find this appointment.")


class NotChangeable(BookingError):
    """The booking is cancelled or already past: it cannot be changed any more."""

    code = "not_changeable"
    message = N_("This appointment can no longer be changed.")


class Busy(BookingError):
    """The database stayed too busy to take the booking; trying again in a moment works."""

    code = "busy"
    message = N_("Many people are booking right now. Please try again in a moment.")


class DuplicateBooking(BookingError):
    """The same person already has this appointment; the existing one is never handed to the caller."""

    code = "duplicate_booking"
    message = N_("You already have an appointment at this time. To change or cancel it, use the link in its "
                 "confirmation.")


class SameSlot(BookingError):
    """A move to the time (and way of meeting) the booking already has: nothing would change."""

    code = "same_slot"
    message = N_("Your appointment is already at this time. Choose another time, or keep it as it is.")


class TooManyHolds(BookingError):
    """Too many slots held at once by this browser session (``scope`` "session") or this address ("address")."""

    code = "too_many_holds"
    MESSAGES: ClassVar[dict[str, str]] = {
        "session": N_("You are already keeping %(count)s times. Confirm one of them, or wait a few minutes "
                      "until they are released, before choosing another time."),
        "address": N_("Too many times are being kept from your connection right now. Please try again in a few "
                      "minutes."),
    }

    def __init__(self, scope: str, count: int):
        super().__init__(scope)
        self.scope, self.count = scope, count
        self.message = self.MESSAGES[scope]
