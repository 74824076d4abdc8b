"""The slot picker's shape (pure): one way of meeting, then days, each with its first free start times.

Every channel (the public pages, the agent desk, the widget) shows free slots through this shape and the one
``_picker.html`` macro, so that a week of a busy site stays a short page: a few start times per day, the rest of a
day on demand ("more times"), never every slot of every way of meeting at once.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import groupby

from bookingsite.booking.pages import SlotChoice

PER_DAY = 6  # start times shown per day before "more times"
SUITING = 6  # times that suit the person's preferred times, shown first
LUNCH_FROM, LUNCH_TO, EVENING_FROM = time(12, 0), time(14, 0), time(18, 0)  # the questionnaire's "times"
SATURDAY = 5


@dataclass(frozen=True)
class PickerDay:
    """One day of the picker: the start times shown, and how many more the day has."""

    day: date
    times: tuple[SlotChoice, ...]
    more: int

    @property
    def expanded(self) -> bool:
        """Whether every free time of the day is shown."""
        return self.more == 0


@dataclass(frozen=True)
class SlotPicker:
    """What the picker shows: the way of meeting, the ways offered, the days, and the time chosen (a slot key)."""

    modality: str | None
    modalities: tuple[str, ...]
    days: tuple[PickerDay, ...]
    selected: str | None = None
    suiting: tuple[SlotChoice, ...] = ()  # the first times that suit the preferred times, shown before the days

    @property
    def choices(self) -> int:
        """How many times the page offers at once."""
        return sum(len(d.times) for d in self.days)


def picker_modality(slots: Sequence[SlotChoice], offered: Sequence[str], wanted: str | None) -> str | None:
    """The way of meeting shown: the one asked for (or preferred) when offered, else the earliest free slot's."""
    if wanted in offered:
        return wanted
    first = next((s.modality for s in slots if s.modality in offered), None)
    return first or (offered[0] if offered else None)


def time_kinds(start: datetime) -> set[str]:
    """Which of the questionnaire's preferred times (``times``) a local start time is."""
    moment = start.time()
    kinds = {"saturday"} if start.weekday() == SATURDAY else set()
    if LUNCH_FROM <= moment < LUNCH_TO:
        kinds.add("lunch")
    elif moment >= EVENING_FROM:
        kinds.add("evening")
    elif start.weekday() < SATURDAY:
        kinds.add("daytime")
    return kinds


def shape_picker(slots: Sequence[SlotChoice], offered: Sequence[str], wanted: str | None = None,
                 more: date | None = None, selected: str | None = None, per_day: int = PER_DAY,
                 max_days: int | None = None, preferred: Sequence[str] = ()) -> SlotPicker:
    """The picker of these slots (sorted by start): one modality, the first ``per_day`` times of its first
    ``max_days`` days with a free time (all of them by default), and first the times that suit the ``preferred``
    times of the questionnaire, if any.

    The day ``more`` shows all its times, and so does the day of the ``selected`` slot when it would be hidden.
    """
    modality = picker_modality(slots, offered, wanted)
    kept = [s for s in slots if s.modality == modality]
    chosen_day = next((s.day for s in kept if s.key == selected), None)
    days = []
    for day, group in groupby(kept, key=lambda s: s.day):
        times = tuple(group)
        limit = len(times) if day in (more, chosen_day) else per_day
        days.append(PickerDay(day, times[:limit], max(len(times) - limit, 0)))
    wanted_kinds = set(preferred)
    suiting = [s for s in kept if time_kinds(s.start) & wanted_kinds] if wanted_kinds else []
    if len(suiting) == len(kept):  # every time suits: nothing to show first
        suiting = []
    return SlotPicker(modality, tuple(offered), tuple(days[:max_days]), selected if chosen_day else None,
                      tuple(suiting[:SUITING]))


def alternatives_picker(slots: Sequence[SlotChoice], offered: Sequence[str]) -> SlotPicker:
    """The few free times offered instead of a slot just taken: all of them, in the taken slot's way of meeting."""
    return shape_picker(slots, offered, slots[0].modality if slots else None, per_day=max(len(slots), 1))


def find_slot(slots: Sequence[SlotChoice], key: str | None) -> SlotChoice | None:
    """The free slot whose key is ``key``, if any."""
    return next((s for s in slots if s.key == key), None)


def parse_day(text: str | None) -> date | None:
    """A day from a ``YYYY-MM-DD`` parameter; None when absent or unreadable."""
    try:
        return date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None
