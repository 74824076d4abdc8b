"""The appointment's day and time in messages: the site's zone, the style guide's forms, British English."""
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from bookingsite.messaging.notify import when_text


@pytest.mark.parametrize("zone, locale, expected", [
    ("Europe/Paris", "fr", "mardi 8 décembre 2026, 10 h 30"),  # French: « 10 h 30 »
    ("Europe/Paris", "en", "Tuesday 8 December 2026, 10:30"),  # British: day first, no comma after the weekday
    ("Indian/Reunion", "fr", "mardi 8 décembre 2026, 13 h 30"),  # the site's own zone (UTC+4)
    ("America/Cayenne", "en", "Tuesday 8 December 2026, 06:30"),  # UTC-3
])
def test_when_text(zone, locale, expected):
    booking = SimpleNamespace(start=datetime(2026, 12, 8, 9, 30, tzinfo=UTC), site=SimpleNamespace(timezone=zone))
    assert when_text(booking, locale) == expected
