"""Dates, times and numbers in the style guide's forms."""
from datetime import date, datetime

import pytest

from bookingsite.formats import clock_time, day_and_time, long_date, number


@pytest.mark.parametrize("moment, code, expected", [
    (datetime(2026, 12, 8, 9, 30), "fr", "9 h 30"),  # French: « 9 h 30 »
    (datetime(2026, 12, 8, 18, 0), "fr", "18 h"),  # a whole hour: « 18 h »
    (datetime(2026, 12, 8, 9, 5), "fr", "9 h 05"),  # minutes on two digits
    (datetime(2026, 12, 8, 9, 30), "en", "09:30"),  # British: 24-hour clock
    (datetime(2026, 12, 8, 18, 0), "en", "18:00"),
])
def test_clock_time(moment, code, expected):
    assert clock_time(moment, code) == expected


@pytest.mark.parametrize("day, code, expected", [
    (date(2026, 12, 8), "fr", "mardi 8 décembre 2026"),  # French, no capital
    (date(2026, 12, 8), "en", "Tuesday 8 December 2026"),  # British order, no comma, no ordinal
])
def test_long_date(day, code, expected):
    assert long_date(day, code) == expected


def test_day_and_time():
    assert day_and_time(datetime(2026, 3, 29, 9, 30), "fr") == "dimanche 29 mars 2026, 9 h 30"
    assert day_and_time(datetime(2026, 3, 29, 9, 30), "en") == "Sunday 29 March 2026, 09:30"


@pytest.mark.parametrize("value, code, expected", [
    (87.5, "fr", "87,5"),  # decimal comma
    (87.5, "en", "87.5"),
])
def test_number(value, code, expected):
    assert number(value, code) == expected
