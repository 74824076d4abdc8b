"""What a person typed on the details form, kept in their own session while they choose another time.

A hold runs out after a few minutes. When the details form comes back after that, the page offers the nearest free
times of the same site, type and way of meeting, and what was typed waits in the session (never in a URL) until
the form shows again for the new time; a booking made, or half an hour gone, forgets it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import session

PENDING, LAST_HOLD = "booking_pending", "booking_last_hold"  # session keys
KEPT_FOR = timedelta(minutes=30)
FIELDS = ("name", "email", "phone")


@dataclass(frozen=True)
class HeldTime:
    """What the latest hold of this session was for: where to look for other times when it has run out."""

    site_id: str
    type_id: str
    modality: str
    start: datetime
    prequal_id: str | None


def remember_hold(hold) -> None:
    """Note what the session's latest hold was for (a hold purged once run out is gone from the database)."""
    session[LAST_HOLD] = {"site": hold.site_id, "type": hold.appointment_type_id, "modality": hold.modality,
                          "start": hold.start.isoformat(), "prequal": hold.prequal_id}


def last_hold(hold=None) -> HeldTime | None:
    """What ``hold`` (when still known) or else the session's latest hold was for; None when neither is known."""
    if hold is not None:
        return HeldTime(hold.site_id, hold.appointment_type_id, hold.modality, hold.start, hold.prequal_id)
    noted = session.get(LAST_HOLD)
    if not isinstance(noted, dict):
        return None
    try:
        return HeldTime(str(noted["site"]), str(noted["type"]), str(noted["modality"]),
                        datetime.fromisoformat(noted["start"]), noted.get("prequal"))
    except (KeyError, TypeError, ValueError):
        return None


def keep(values: dict, now: datetime) -> None:
    """Keep the typed details and consent for the next details form of this session."""
    typed = {k: str(values.get(k) or "")[:254] for k in FIELDS}
    session[PENDING] = {**typed, "consent": bool(values.get("consent")), "at": now.isoformat()}


def kept(now: datetime) -> dict:
    """The details kept for this session (empty when none, or too old to be still wanted)."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return {}
    try:
        fresh = now - datetime.fromisoformat(pending["at"]) <= KEPT_FOR
    except (KeyError, TypeError, ValueError):
        fresh = False
    return {k: v for k, v in pending.items() if k != "at"} if fresh else {}


def forget() -> None:
    """The booking is made (or abandoned): nothing typed stays in the session."""
    session.pop(PENDING, None)
