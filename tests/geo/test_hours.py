"""Opening hours: regional public holidays, closures, open state in the site's zone, badges."""
from datetime import UTC, date, datetime, time

import pytest

from bookingsite.geo.hours import HoursError, open_state, parse_hours, week_features, week_hours

OFFICE = "Mo-Fr 09:00-12:30,13:30-17:30"


@pytest.mark.parametrize("department, day, kind, reason", [
    ("67", date(2026, 4, 3), "holiday", "Vendredi saint"),  # Alsace: Good Friday is a holiday
    ("69", date(2026, 4, 3), None, None),  # Lyon: an ordinary Friday
    ("974", date(2026, 12, 21), None, None),  # La Réunion, the Monday after 20 December
    ("75", date(2026, 12, 24), "closure", "Inventaire"),  # an exceptional closure from the directory
])
def test_week_hours_explains_closed_days(department, day, kind, reason):
    closures = [{"date": "2026-12-24", "reason": "Inventaire"}]
    (found,) = week_hours(OFFICE, department, closures, day, days=1)
    assert (found.closed_kind, found.closed_reason) == (kind, reason)
    assert bool(found.intervals) == (kind is None)


def test_reunion_20_december_is_a_holiday_even_on_a_weekday_expression():
    days = week_hours("Mo-Su 09:00-17:00", "974", [], date(2026, 12, 14))
    assert [d.day for d in days if d.closed_kind == "holiday"] == [date(2026, 12, 20)]


@pytest.mark.parametrize("now, zone, is_open, change", [
    # Tuesday 10:00 in Paris: open until the lunch break
    (datetime(2026, 12, 1, 9, 0, tzinfo=UTC), "Europe/Paris", True, "2026-12-01T12:30:00+01:00"),
    # Same instant is 13:00 in La Réunion: lunch break, opens again at 13:30 local
    (datetime(2026, 12, 1, 9, 0, tzinfo=UTC), "Indian/Reunion", False, "2026-12-01T13:30:00+04:00"),
    # Saturday: opens on Monday
    (datetime(2026, 12, 5, 9, 0, tzinfo=UTC), "Europe/Paris", False, "2026-12-07T09:00:00+01:00"),
])
def test_open_state_in_the_sites_zone(now, zone, is_open, change):
    state = open_state(OFFICE, zone, "75", [], now)
    assert state.is_open is is_open and state.next_change.isoformat() == change


@pytest.mark.parametrize("expression, evening, saturday", [
    (OFFICE, False, False),  # office hours
    ("Tu-Fr 10:00-20:00; Sa 09:00-12:30", True, True),  # late and Saturday morning
    ("Mo-Fr 09:00-18:00", False, False),  # closing at 18:00 is not "after 18:00"
])
def test_week_features(expression, evening, saturday):
    features = week_features(expression, date(2026, 12, 1))
    assert (features.evening, features.saturday) == (evening, saturday)


def test_invalid_expression_is_a_typed_error():
    with pytest.raises(HoursError):
        parse_hours("Mo-Fr 25:00-26:00 nonsense")


def test_intervals_to_midnight_end_the_same_day():
    (day,) = week_hours("Mo-Su 20:00-24:00", "75", [], date(2026, 12, 1), days=1)
    assert day.intervals == ((time(20, 0), time.max),)
