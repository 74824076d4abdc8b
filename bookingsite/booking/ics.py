"""iCalendar documents of bookings (pure): the person's invitation, the operator's copy, iTIP REQUEST/CANCEL, feeds.

One UID per booking for its whole life; every change raises SEQUENCE, so calendar clients replace the event they
already hold instead of adding a second one (RFC 5546). Times are written in UTC: every client reads them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import icalendar

PRODID = "-//bookingsite//CEP booking//FR"
METHODS = ("PUBLISH", "REQUEST", "CANCEL")


@dataclass(frozen=True)
class EventData:
    """What one VEVENT says; texts already translated by the caller."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    cancelled: bool = False
    location: str | None = None
    description: str | None = None
    url: str | None = None
    organizer: str | None = None  # an e-mail address
    attendees: tuple[str, ...] = field(default_factory=tuple)  # e-mail addresses
    created: datetime | None = None


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("iCalendar times must be aware")
    return moment.astimezone(UTC)


def vevent(data: EventData, now: datetime, method: str | None = None) -> icalendar.Event:
    """One VEVENT; with ``method`` CANCEL it carries STATUS:CANCELLED as RFC 5546 requires."""
    event = icalendar.Event()
    event.add("uid", data.uid)
    event.add("dtstamp", _utc(now))
    event.add("sequence", data.sequence)
    event.add("dtstart", _utc(data.start))
    event.add("dtend", _utc(data.end))
    event.add("summary", data.summary)
    event.add("status", "CANCELLED" if data.cancelled or method == "CANCEL" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if data.created:
        event.add("created", _utc(data.created))
    for name, value in (("location", data.location), ("description", data.description), ("url", data.url)):
        if value:
            event.add(name, value)
    if data.organizer:
        event.add("organizer", icalendar.vCalAddress(f"mailto:{data.organizer}"))
    for address in data.attendees:
        attendee = icalendar.vCalAddress(f"mailto:{address}")
        attendee.params["ROLE"] = icalendar.vText("REQ-PARTICIPANT")
        attendee.params["PARTSTAT"] = icalendar.vText("ACCEPTED")
        event.add("attendee", attendee, encode=0)
    return event


def calendar(events: list[EventData], now: datetime, method: str | None = None, name: str | None = None) -> bytes:
    """A VCALENDAR holding these events, with METHOD (iTIP) when given, as bytes ready to send or serve."""
    if method is not None and method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for data in events:
        cal.add_component(vevent(data, now, method))
    return cal.to_ical()
