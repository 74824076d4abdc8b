"""The events a subscriber can receive and what each one says: no name, e-mail or phone number.

The body follows the Standard Webhooks shape ``{"type", "timestamp", "data"}``. A booking's data holds what the
subscriber's own records of it already hold (its reference, site, times, modality, appointment type, channel and
status), never the person's contact details: a subscriber that needs them reads them where it is entitled to. A
questionnaire's data holds its id (the partner got it when the questionnaire was sent), its channel, scope,
recommended appointment type and region, never its answers.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bookingsite.models.booking import Booking
from bookingsite.models.prequal import Prequal

# A booking change (bookingsite.booking.events) -> the event a subscriber sees.
BOOKING_EVENTS = {"confirmed": "booking.created", "rescheduled": "booking.moved", "cancelled": "booking.cancelled",
                  "no_show": "booking.no_show"}
PREQUAL_FINISHED = "prequal.finished"
EVENTS = (*BOOKING_EVENTS.values(), PREQUAL_FINISHED)


def envelope(event: str, at: datetime, data: dict) -> dict:
    """The body of one webhook: its event, when it happened (UTC) and its data."""
    return {"type": event, "timestamp": at.astimezone(ZoneInfo("UTC")).isoformat(), "data": data}


def booking_data(booking: Booking) -> dict:
    """What a subscriber learns about a booking: local times with their offset, no personal data."""
    zone = ZoneInfo(booking.site.timezone)
    return {"reference": booking.reference, "site_id": booking.site_id,
            "start": booking.start.astimezone(zone).isoformat(), "end": booking.end.astimezone(zone).isoformat(),
            "modality": booking.modality, "appointment_type": booking.appointment_type_id,
            "channel": booking.channel, "status": booking.status, "no_show": bool(booking.no_show)}


def prequal_data(prequal: Prequal) -> dict:
    """What a subscriber learns about a finished questionnaire: its outcome's category, never the answers."""
    return {"id": prequal.id, "channel": prequal.channel, "scope": prequal.scope,
            "appointment_type": prequal.appointment_type, "region": prequal.region_code}
