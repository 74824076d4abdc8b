"""The picker's shape (pure): one way of meeting, days with their first start times, a day in full on demand."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bookingsite.booking.pages import SlotChoice
from bookingsite.booking.picker import (
    alternatives_picker,
    find_slot,
    parse_day,
    picker_modality,
    shape_picker,
)

PARIS = ZoneInfo("Europe/Paris")


def day_of(day: int, count: int, modalities=("site", "phone")) -> list[SlotChoice]:
    """``count`` quarter-hour starts from 09:00 on 2026-12-``day``, each in every modality."""
    first = datetime(2026, 12, day, 9, 0, tzinfo=PARIS)
    return [SlotChoice(first + timedelta(minutes=15 * i), first + timedelta(minutes=15 * i + 60), m)
            for i in range(count) for m in modalities]


WEEK = day_of(1, 3) + day_of(2, 20) + day_of(3, 8)


@pytest.mark.parametrize("slots, offered, wanted, expected", [
    (WEEK, ["site", "phone"], "phone", "phone"),  # the way asked for
    (WEEK, ["site", "phone"], "video", "site"),  # not offered: the earliest free time's
    (day_of(1, 2, ("phone",)), ["site", "phone"], None, "phone"),  # none asked: the earliest free time's
    ([], ["video", "phone"], None, "video"),  # no free time: the first way offered
    ([], [], None, None),  # nothing offered
])
def test_the_way_of_meeting_shown(slots, offered, wanted, expected):
    assert picker_modality(slots, offered, wanted) == expected


def test_each_day_shows_its_first_times_in_one_way():
    picker = shape_picker(WEEK, ["site", "phone"], "phone", per_day=6)
    assert [(d.day.day, len(d.times), d.more) for d in picker.days] == [(1, 3, 0), (2, 6, 14), (3, 6, 2)]
    assert {s.modality for d in picker.days for s in d.times} == {"phone"}
    assert picker.choices == 15 and picker.days[0].expanded and not picker.days[1].expanded


def test_more_shows_a_whole_day_and_the_chosen_time_stays_shown():
    assert [d.more for d in shape_picker(WEEK, ["site"], "site", more=date(2026, 12, 2)).days] == [0, 0, 2]
    late = day_of(3, 8, ("site",))[-1].key  # the last time of the 3rd: folded by default
    picker = shape_picker(WEEK, ["site"], "site", selected=late)
    assert picker.selected == late and picker.days[2].expanded
    assert shape_picker(WEEK, ["site"], "site", selected="2026-12-09T09:00:00+01:00_site").selected is None


def test_a_week_at_most_and_the_alternatives_in_full():
    assert len(shape_picker(WEEK, ["site"], "site", max_days=2).days) == 2
    alternatives = alternatives_picker(day_of(2, 4, ("phone",)) + day_of(3, 3, ("phone",)), ["site", "phone"])
    assert alternatives.modality == "phone" and alternatives.choices == 7


@pytest.mark.parametrize("text, expected", [
    ("2026-12-02", date(2026, 12, 2)),  # a day
    ("2026-13-02", None),  # no such month
    ("", None),  # absent
    ("2026-12-02T10:00", None),  # not a day
])
def test_parse_day(text, expected):
    assert parse_day(text) == expected


def test_find_slot():
    assert find_slot(WEEK, WEEK[5].key) == WEEK[5] and find_slot(WEEK, "nope") is None
