"""The times that suit the person (the questionnaire's "times") come first in every channel's slot picker."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from bookingsite.booking.pages import SlotChoice
from bookingsite.booking.picker import SUITING, shape_picker, time_kinds
from bookingsite.prequal.service import record_prequal
from tests.booking.booking_helpers import NOW, PARIS, setup_site
from tests.prequal.helpers import answers


@pytest.mark.parametrize("start, kinds", [
    (datetime(2026, 12, 2, 9, 0), {"daytime"}),  # a Wednesday morning
    (datetime(2026, 12, 2, 12, 30), {"lunch"}),  # lunchtime
    (datetime(2026, 12, 2, 13, 59), {"lunch"}),  # still lunchtime
    (datetime(2026, 12, 2, 14, 0), {"daytime"}),  # the afternoon
    (datetime(2026, 12, 2, 18, 0), {"evening"}),  # after 6 pm
    (datetime(2026, 12, 5, 10, 0), {"saturday"}),  # a Saturday morning: Saturday, not "during the day"
    (datetime(2026, 12, 5, 18, 30), {"saturday", "evening"}),  # a Saturday evening: both
])
def test_time_kinds(start, kinds):
    assert time_kinds(start.replace(tzinfo=PARIS)) == kinds


def slots(*hours: int, days: int = 3) -> list[SlotChoice]:
    first = datetime(2026, 12, 2, tzinfo=PARIS)
    return [SlotChoice(first + timedelta(days=d, hours=h), first + timedelta(days=d, hours=h + 1), "site")
            for d in range(days) for h in hours]


def test_the_suiting_times_come_first_and_the_days_stay_whole():
    picker = shape_picker(slots(9, 10, 18, 19), ["site"], preferred=["evening"])
    assert [s.start.hour for s in picker.suiting] == [18, 19] * 3
    assert sum(len(d.times) for d in picker.days) == 12  # every time still in its day


@pytest.mark.parametrize("hours, preferred, shown", [
    ((9, 12, 18), (), 0),  # no preference: no section
    ((9, 10), ["daytime"], 0),  # every time suits: nothing to put first
    ((9, 12, 18), ["saturday"], 0),  # none suits: the days as they are
    ((9, 12, 18, 19), ["evening", "lunch"], SUITING),  # many suit: the first few
])
def test_when_the_section_shows(hours, preferred, shown):
    assert len(shape_picker(slots(*hours), ["site"], preferred=preferred).suiting) == shown


def test_the_booking_page_puts_the_evening_first(app, client):
    site, _kind = setup_site(opening_hours="Mo-Fr 09:00-20:00")
    prequal = record_prequal(answers(times=["evening"]), channel="web", partner_id=None, agent_id=None,
                             locale="fr", now=NOW)
    page = client.get(f"/booking/site/{site.id}?prequal={prequal.id}&modality=site").get_data(as_text=True)
    section = page[page.index("Horaires qui vous conviennent"):page.index("</fieldset>", page.index("slot-suiting"))]
    hours = [int(h) for h in re.findall(r", (\d+) h", section)]
    assert hours and all(h >= 18 for h in hours)
