"""What people type, checked the same way everywhere (pure): characters no person types, dates in range."""
from __future__ import annotations

import re
from datetime import date

# C0 controls but tab, line feed and carriage return (text areas send them), DEL, and UTF-16 surrogates (a JSON
# "\ud800" decodes to one, and it has no UTF-8 form). PostgreSQL refuses NUL in text outright.
# The days any filter or form may name: Python's calendar ends in year 9999, a day's arithmetic past it overflows.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def has_control(text: str | None) -> bool:
    """Whether the text holds a character no person types (NUL, other controls, a lone surrogate)."""
    return bool(text) and CONTROL.search(text) is not None


def read_day(text: str | None, default: date) -> date:
    """``YYYY-MM-DD`` between FIRST_DAY and LAST_DAY, ``default`` when empty; ValueError otherwise."""
    if not text:
        return default
    day = date.fromisoformat(text)
    if len(text) != 10 or not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(text)
    return day
