"""Whether a requested slot could ever be booked (pure): time, notice, horizon, grid, opening hours, modality.

A slot that passes and is still refused is *taken* (``SlotTaken`` with alternatives), not invalid.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bookingsite.booking.errors import InvalidSlot
from bookingsite.geo.hours import HoursError, open_intervals

GRID_MIN = 15  # slots start every quarter of an hour, local time


def check_request(site, appointment_type, start: datetime, modality: str, now: datetime,
                  grid_min: int = GRID_MIN) -> None:
    """Raise ``InvalidSlot`` with the first reason this start can never be booked at this site."""
    offered = [m for m in appointment_type.modalities if m in (site.modalities or [])]
    if not offered:
        raise InvalidSlot("wrong_type")
    if modality not in offered:
        raise InvalidSlot("wrong_modality")
    if not site.agendas:
        raise InvalidSlot("no_agenda")
    if start.tzinfo is None:
        raise InvalidSlot("off_grid")  # a time without its offset names no instant
    if start <= now:
        raise InvalidSlot("past")
    if start < now + timedelta(minutes=appointment_type.min_notice_min or 0):
        raise InvalidSlot("too_soon")
    if start >= now + timedelta(days=appointment_type.horizon_days):
        raise InvalidSlot("too_far")
    local = start.astimezone(ZoneInfo(site.timezone))
    if local.second or local.microsecond or (local.hour * 60 + local.minute) % grid_min:
        raise InvalidSlot("off_grid")
    if not _within_hours(site, local, appointment_type.duration_min):
        raise InvalidSlot("outside_hours")


def _within_hours(site, local: datetime, duration_min: int) -> bool:
    """The whole appointment fits in one open interval of that local day (holidays and closures closed)."""
    try:
        spans = open_intervals(site.opening_hours, site.timezone, site.department, site.closures or [],
                               local.date(), 1)
    except HoursError:
        return False
    end = local + timedelta(minutes=duration_min)
    return any(a <= local and end <= b for a, b in spans)
