"""What the booking pages show (no Flask): slots as the picker wants them, site choices, summaries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bookingsite.availability.slots import Slot
from bookingsite.vocabulary import MODALITIES, PHONE


@dataclass(frozen=True)
class SlotChoice:
    """A slot as the ``_slots.html`` picker shows it: local times, its day, a key for forms."""

    start: datetime
    end: datetime
    modality: str

    @property
    def day(self) -> date:
        """The local day (pickers group by it)."""
        return self.start.date()

    @property
    def key(self) -> str:
        """What a form sends back: ``2026-12-02T10:00:00+01:00_site``."""
        return f"{self.start.isoformat()}_{self.modality}"


def choices(slots: list[Slot], zone: str) -> list[SlotChoice]:
    """Slots in the site's zone, for the picker."""
    tz = ZoneInfo(zone)
    return [SlotChoice(s.start.astimezone(tz), s.end.astimezone(tz), s.modality) for s in slots]


def parse_key(key: str | None) -> tuple[datetime, str] | None:
    """(start, modality) from a slot key; None when it is not one."""
    if not key or len(key) > 60 or "_" not in key:
        return None
    text, _sep, modality = key.rpartition("_")
    try:
        start = datetime.fromisoformat(text)
    except ValueError:
        return None
    if start.tzinfo is None or modality not in MODALITIES:
        return None
    return start, modality


def offered_modalities(site, appointment_type) -> list[str]:
    """The modalities both the site and the type offer, in a stable order."""
    return [m for m in MODALITIES if m in (site.modalities or []) and m in (appointment_type.modalities or [])]


def earliest_call_back(slots: list[Slot]) -> Slot | None:
    """For an urgent need: the first phone slot (the advisor calls the person back), else the first slot."""
    return next((s for s in slots if s.modality == PHONE), slots[0] if slots else None)


def local_times(booking) -> dict:
    """The booking's ``start`` and ``end`` in its site's zone, as the pages show them."""
    zone = ZoneInfo(booking.site.timezone)
    return {"start": booking.start.astimezone(zone), "end": booking.end.astimezone(zone)}
