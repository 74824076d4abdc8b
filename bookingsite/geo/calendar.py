"""Public holidays by area: Alsace-Moselle and each overseas department have their own."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

# Department -> subdivision of the `holidays` package's France calendar.
_SUBDIVISIONS = {"57": "57", "67": "6AE", "68": "6AE",
                 "971": "971", "972": "972", "973": "973", "974": "974", "976": "976"}


def holiday_subdivision(department: str) -> str | None:
    """The holiday subdivision of a department, or None for the national calendar."""
    return _SUBDIVISIONS.get(department)


@lru_cache(maxsize=64)
def _calendar(subdivision: str | None, year: int) -> dict[date, str]:
    return dict(holidays.France(subdiv=subdivision, years=year, language="fr"))


def public_holidays(department: str, start: date, end: date) -> dict[date, str]:
    """Public holidays (date -> French name) in a department between start and end, both included."""
    subdivision = holiday_subdivision(department)
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        found.update((d, n) for d, n in _calendar(subdivision, year).items() if start <= d <= end)
    return found
