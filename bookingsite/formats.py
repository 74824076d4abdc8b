"""Dates, times and numbers as the style guide writes them (pure, Babel): « mardi 8 décembre 2026, 9 h 30 », « 4,9 km »;
in English, British style: "Tuesday 8 December 2026, 09:30".
"""
from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

# The site's languages as Babel formats them: English dates and times in British style (day first, 24-hour clock).
BABEL_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def babel_locale(code: str) -> str:
    """The Babel locale that formats a site language ("en" → "en_GB")."""
    return BABEL_LOCALES.get(code, code)


def clock_time(moment: datetime, code: str) -> str:
    """A time of day: « 9 h 30 », « 18 h » in French; "09:30" in English."""
    if code == "fr":
        return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"
    return format_time(moment, "HH:mm", locale=babel_locale(code))


def long_date(day: date, code: str) -> str:
    """A day in full: « mardi 8 décembre 2026 », "Tuesday 8 December 2026"."""
    return format_date(day, "EEEE d MMMM y", locale=babel_locale(code))


def day_and_time(moment: datetime, code: str) -> str:
    """« mardi 8 décembre 2026, 9 h 30 », "Tuesday 8 December 2026, 09:30" (the moment in its own zone)."""
    return f"{long_date(moment.date(), code)}, {clock_time(moment, code)}"


def number(value: float, code: str) -> str:
    """A number with the language's decimal sign: « 87,5 », "87.5"."""
    return format_decimal(value, locale=babel_locale(code))
