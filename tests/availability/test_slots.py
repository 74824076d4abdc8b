"""The slot engine on worked examples: grid, closing times, notice, DST, overseas zones, holidays, capacity."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from bookingsite.availability.feeds import Interval
from bookingsite.availability.slots import first_free_slot, free_slots
from bookingsite.geo.hours import open_intervals

OFFICE = "Mo-Fr 09:00-12:30,13:30-17:30"


def kind(duration=60, buffer=0, notice=0, modalities=("site",)):
    """An appointment type as the engine reads it."""
    return SimpleNamespace(duration_min=duration, buffer_min=buffer, min_notice_min=notice, modalities=list(modalities))


def agenda(id_="a", capacity=1, mode="busy"):
    """An agenda as the engine reads it."""
    return SimpleNamespace(id=id_, capacity=capacity, mode=mode)


def at(zone, text):
    """An aware local time from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def starts(slots, zone="Europe/Paris"):
    """Slot starts as local 'MM-DD HH:MM' strings."""
    return [s.start.astimezone(ZoneInfo(zone)).strftime("%m-%d %H:%M") for s in slots]


def day_slots(day, zone="Europe/Paris", department="75", expression=OFFICE, **kw):
    """Slots of one local day with no busy time, 60 min, grid 30, seen from the previous midnight."""
    opening = open_intervals(expression, zone, department, [], day, 1)
    now = datetime.combine(day, datetime.min.time(), ZoneInfo(zone)) - timedelta(days=1)
    return free_slots(opening, [agenda()], {}, {}, kind(**kw), now, now + timedelta(days=3), grid_min=30)


MORNING_AND_AFTERNOON = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "13:30", "14:00", "14:30", "15:00",
                         "15:30", "16:00", "16:30"]

DAYS = [
    # An ordinary Tuesday in Paris: no slot runs past 12:30 or 17:30.
    (date(2026, 3, 24), "Europe/Paris", "75", MORNING_AND_AFTERNOON),
    # The Monday after the change to summer time (29 March 2026): same wall-clock grid.
    (date(2026, 3, 30), "Europe/Paris", "75", MORNING_AND_AFTERNOON),
    # The Monday after the change back (25 October 2026).
    (date(2026, 10, 26), "Europe/Paris", "75", MORNING_AND_AFTERNOON),
    # Easter Monday 2026 is a public holiday everywhere in France.
    (date(2026, 4, 6), "Europe/Paris", "75", []),
    # Good Friday is a holiday in Alsace-Moselle only…
    (date(2026, 4, 3), "Europe/Paris", "67", []),
    # …and a working day in Paris.
    (date(2026, 4, 3), "Europe/Paris", "75", MORNING_AND_AFTERNOON),
    # Guyane (UTC−3): local office hours, not Paris ones.
    (date(2026, 3, 24), "America/Cayenne", "973", MORNING_AND_AFTERNOON),
    # La Réunion (UTC+4), on 20 December (abolition of slavery, a holiday in 974 only).
    (date(2026, 12, 18), "Indian/Reunion", "974", MORNING_AND_AFTERNOON),
    (date(2026, 12, 21), "Indian/Reunion", "974", MORNING_AND_AFTERNOON),
]


@pytest.mark.parametrize(("day", "zone", "department", "expected"), DAYS)
def test_slots_of_a_day(day, zone, department, expected):
    slots = day_slots(day, zone, department)
    assert [s[6:] for s in starts(slots, zone)] == expected
    assert all(s.end - s.start == timedelta(hours=1) and str(s.start.tzinfo) == zone for s in slots)


def test_grid_is_local_across_the_night_of_the_dst_change():
    # A site open in the night of Sunday 29 March: 02:00-03:00 does not exist, the grid stays on local half-hours.
    slots = day_slots(date(2026, 3, 29), expression="Su 00:00-06:00")
    assert starts(slots) == ["03-29 00:00", "03-29 00:30", "03-29 01:00", "03-29 03:00", "03-29 03:30",
                             "03-29 04:00", "03-29 04:30", "03-29 05:00"]
    # 01:00-03:00 on the wall clock is one real hour; 01:30 would straddle the jump and land on 03:30.
    assert all(s.end.timestamp() - s.start.timestamp() == 3600 for s in slots)


def test_grid_is_local_on_the_night_of_the_change_back():
    slots = day_slots(date(2026, 10, 25), expression="Su 01:00-04:00")
    # 02:00-03:00 happens twice that night (fold): every slot is still one real hour, on the local half-hours.
    assert all(s.end.timestamp() - s.start.timestamp() == 3600 for s in slots)
    assert all(s.start.minute in (0, 30) for s in slots)
    assert starts(slots)[0] == "10-25 01:00" and starts(slots)[-1] == "10-25 03:00"


def test_notice_and_past():
    opening = open_intervals(OFFICE, "Europe/Paris", "75", [], date(2026, 3, 24), 1)
    now = at("Europe/Paris", "2026-03-24 10:05")
    slots = free_slots(opening, [agenda()], {}, {}, kind(notice=120), now, timedelta(days=1), grid_min=15)
    assert starts(slots)[0] == "03-24 13:30"  # 12:15 would run past 12:30


def tuesday_morning(busy, bookings, agendas, buffer=0):
    """Start -> agenda ids of the 60-minute slots of Tuesday 24 March 09:00-13:00, 15-minute grid."""
    zone = "Europe/Paris"
    opening = open_intervals("Tu 09:00-13:00", zone, "75", [], date(2026, 3, 24), 1)
    slots = free_slots(opening, agendas, busy, bookings, kind(buffer=buffer), at(zone, "2026-03-23 08:00"),
                       timedelta(days=2), grid_min=15)
    return {s.start.strftime("%H:%M"): s.agenda_ids for s in slots}


def test_buffer_widens_busy_time_and_bookings_on_both_sides():
    zone = "Europe/Paris"
    busy = {"a": [Interval(at(zone, "2026-03-24 10:00"), at(zone, "2026-03-24 11:00"))]}
    bookings = {"a": [(at(zone, "2026-03-24 12:30"), at(zone, "2026-03-24 13:00"))]}
    # Busy 09:45-11:15 and 12:15-13:15 once widened: only 11:15 fits (09:00 would end at 10:00 > 09:45).
    assert tuesday_morning(busy, bookings, [agenda("a")], buffer=15) == {"11:15": ("a",)}


def test_capacity_counts_busy_events_and_bookings_per_agenda():
    zone = "Europe/Paris"
    busy = {"team": [(at(zone, "2026-03-24 09:00"), at(zone, "2026-03-24 11:00"))],
            "solo": [(at(zone, "2026-03-24 09:00"), at(zone, "2026-03-24 11:00"))]}
    bookings = {"team": [(at(zone, "2026-03-24 10:00"), at(zone, "2026-03-24 12:00"))],
                "solo": [(at(zone, "2026-03-24 10:00"), at(zone, "2026-03-24 12:00"))]}
    found = tuesday_morning(busy, bookings, [agenda("team", capacity=2), agenda("solo", capacity=1)])
    # The team of two is full only 10:00-11:00, when both the event and the booking run; solo is busy 09:00-12:00.
    assert found == {"09:00": ("team",), "11:00": ("team",), "11:15": ("team",), "11:30": ("team",),
                     "11:45": ("team",), "12:00": ("solo", "team")}


def test_open_mode_cuts_slots_from_windows_inside_opening_hours():
    zone = "Europe/Paris"
    opening = open_intervals(OFFICE, zone, "75", [], date(2026, 3, 24), 1)
    windows = {"w": [(at(zone, "2026-03-24 08:00"), at(zone, "2026-03-24 10:30")),
                     (at(zone, "2026-03-24 16:00"), at(zone, "2026-03-24 20:00"))]}
    slots = free_slots(opening, [agenda("w", mode="open")], windows, {}, kind(), at(zone, "2026-03-23 08:00"),
                       timedelta(days=2), grid_min=30)
    assert starts(slots) == ["03-24 09:00", "03-24 09:30", "03-24 16:00", "03-24 16:30"]


def test_agendas_with_their_own_hours_and_modalities():
    zone = "Europe/Paris"
    day = date(2026, 3, 24)
    opening = {"morning": open_intervals("Mo-Fr 09:00-11:00", zone, "75", [], day, 1),
               "afternoon": open_intervals("Mo-Fr 14:00-15:00", zone, "75", [], day, 1)}
    slots = free_slots(opening, [agenda("morning"), agenda("afternoon")], {}, {},
                       kind(modalities=("site", "phone", "video")), at(zone, "2026-03-23 08:00"),
                       timedelta(days=2), grid_min=60, modalities=["phone", "video"])
    assert [(s.start.hour, s.modality, s.agenda_ids) for s in slots] == [
        (9, "phone", ("morning",)), (9, "video", ("morning",)), (10, "phone", ("morning",)),
        (10, "video", ("morning",)), (14, "phone", ("afternoon",)), (14, "video", ("afternoon",))]


def test_horizon_bounds_the_starts():
    opening = open_intervals(OFFICE, "Europe/Paris", "75", [], date(2026, 3, 23), 14)
    now = at("Europe/Paris", "2026-03-23 08:00")
    slots = free_slots(opening, [agenda()], {}, {}, kind(), now, at("Europe/Paris", "2026-03-24 10:00"))
    assert starts(slots)[-1] == "03-24 09:45"


def test_first_free_slot_looks_past_a_full_week():
    zone = "Europe/Paris"
    opening = open_intervals(OFFICE, zone, "75", [], date(2026, 3, 23), 28)
    now = at(zone, "2026-03-23 08:00")
    busy = {"a": [(now, at(zone, "2026-04-08 15:00"))]}
    slot = first_free_slot(opening, [agenda()], busy, {}, kind(), now, timedelta(days=28))
    assert slot is not None and slot.start == at(zone, "2026-04-08 15:00")
    assert first_free_slot(opening, [agenda()], {"a": [(now, now + timedelta(days=40))]}, {}, kind(), now,
                           timedelta(days=28)) is None


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        free_slots([(datetime(2026, 3, 24, 9), datetime(2026, 3, 24, 12))], [agenda()], {}, {}, kind(),
                   datetime(2026, 3, 23), timedelta(days=2))
