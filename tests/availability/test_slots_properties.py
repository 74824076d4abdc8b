"""Properties of free_slots, checked against a brute-force reading of the same inputs (hypothesis)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookingsite.availability.slots import free_slots
from bookingsite.geo import public_holidays
from bookingsite.geo.hours import open_intervals

# (zone, department): metropolitan (Paris, Alsace-Moselle) and overseas sites, each with its own holidays.
PLACES = [("Europe/Paris", "75"), ("Europe/Paris", "67"), ("Europe/Paris", "57"), ("America/Guadeloupe", "971"),
          ("America/Martinique", "972"), ("America/Cayenne", "973"), ("Indian/Reunion", "974"),
          ("Indian/Mayotte", "976")]
# Fortnights around the DST changes of 2026, Easter and Ascension (holidays), and the 974 holiday of 20 December.
FIRST_DAYS = [date(2026, 3, 23), date(2026, 3, 30), date(2026, 10, 19), date(2026, 4, 1), date(2026, 5, 11),
              date(2026, 12, 14)]
EXPRESSIONS = ["Mo-Fr 09:00-12:30,13:30-17:30", "Mo-Sa 08:15-19:45", "Tu,Th 13:00-20:00; Sa 09:00-12:00",
               "Su 00:00-05:00; Mo-Fr 10:00-16:10"]
DAYS = 14
GRIDS = [10, 15, 20, 30, 45, 60]


@st.composite
def scenarios(draw):
    """A site, its agendas with busy intervals and bookings, an appointment type and an instant."""
    zone, department = draw(st.sampled_from(PLACES))
    tz = ZoneInfo(zone)
    first = draw(st.sampled_from(FIRST_DAYS))
    base = datetime.combine(first, datetime.min.time(), tz).astimezone(UTC)
    minutes = st.integers(0, DAYS * 24 * 60)

    def spans(max_size):
        pairs = st.tuples(minutes, st.integers(1, 8 * 60))
        return st.lists(pairs, max_size=max_size).map(
            lambda items: [(base + timedelta(minutes=s), base + timedelta(minutes=s + d)) for s, d in items])

    agendas = [SimpleNamespace(id=f"a{i}", capacity=draw(st.integers(1, 3)), mode="busy")
               for i in range(draw(st.integers(1, 3)))]
    return SimpleNamespace(
        zone=zone, department=department, first=first, expression=draw(st.sampled_from(EXPRESSIONS)),
        agendas=agendas, busy={a.id: draw(spans(25)) for a in agendas},
        bookings={a.id: draw(spans(8)) for a in agendas},
        kind=SimpleNamespace(duration_min=draw(st.sampled_from([20, 30, 45, 60, 90])),
                             buffer_min=draw(st.sampled_from([0, 5, 15])),
                             min_notice_min=draw(st.integers(0, 3 * 24 * 60)), modalities=["site", "phone"]),
        now=base + timedelta(minutes=draw(st.integers(-24 * 60, 7 * 24 * 60)), seconds=draw(st.integers(0, 59))),
        grid=draw(st.sampled_from(GRIDS)))


def load_at(moment, spans, buffer):
    """How many (buffer-widened) busy intervals or bookings cover an instant."""
    pad = timedelta(minutes=buffer)
    return sum(1 for a, b in spans if a - pad <= moment < b + pad)


def max_load(start, end, spans, buffer):
    """The highest load over [start, end): it is reached at start or where an interval begins inside."""
    pad = timedelta(minutes=buffer)
    points = [start] + [a - pad for a, _ in spans if start < a - pad < end]
    return max(load_at(p, spans, buffer) for p in points)


def expected_starts(s, opening):
    """Brute force: every local grid time of every open interval, kept when all the rules allow it."""
    tz, duration = ZoneInfo(s.zone), timedelta(minutes=s.kind.duration_min)
    earliest, found = s.now + timedelta(minutes=s.kind.min_notice_min), {}
    for begin, end in opening:
        local = begin.replace(hour=0, minute=0)
        while local < end:
            for fold in (0, 1):  # in the night the clocks go back, 02:00-03:00 happens twice
                start = local.replace(fold=fold).astimezone(UTC).astimezone(tz)
                stop = start.astimezone(UTC) + duration
                exists = start.replace(tzinfo=None) == local.replace(tzinfo=None)  # 02:30 in March does not
                if (exists and begin.astimezone(UTC) <= start and stop <= end and start >= earliest
                        and _same_offset(start, stop, tz)):
                    free = [a.id for a in s.agendas
                            if max_load(start, stop, s.busy[a.id] + s.bookings[a.id], s.kind.buffer_min)
                            < a.capacity]
                    if free:
                        found[start.astimezone(UTC)] = tuple(sorted(free))
            local += timedelta(minutes=s.grid)
    return found


def _same_offset(start, stop, tz):
    """The engine does not offer a slot straddling a UTC-offset change inside an opening (DST nights)."""
    return start.utcoffset() == (stop - timedelta(seconds=1)).astimezone(tz).utcoffset()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_free_slots_properties(s):
    tz = ZoneInfo(s.zone)
    opening = open_intervals(s.expression, s.zone, s.department, [], s.first, DAYS)
    horizon = datetime.combine(s.first + timedelta(days=DAYS), datetime.min.time(), tz)
    slots = free_slots(opening, s.agendas, s.busy, s.bookings, s.kind, s.now, horizon, grid_min=s.grid)
    holidays = public_holidays(s.department, s.first, s.first + timedelta(days=DAYS))
    capacity = {a.id: a.capacity for a in s.agendas}
    for slot in slots:
        start, end = slot.start, slot.end
        # Exact length in real time, in the site's zone, on the local grid, whole minutes.
        assert end.timestamp() - start.timestamp() == s.kind.duration_min * 60
        assert str(start.tzinfo) == s.zone and start.second == 0 and start.microsecond == 0
        assert (start.hour * 60 + start.minute) % s.grid == 0
        # Never in the past or inside the notice; never past the horizon.
        assert start >= s.now + timedelta(minutes=s.kind.min_notice_min) and start < horizon
        # Inside one opening interval, so never across a closing time, never on a public holiday.
        assert any(a.timestamp() <= start.timestamp() and end.timestamp() <= b.timestamp() for a, b in opening)
        assert start.astimezone(tz).date() not in holidays
        # No agenda offered is over capacity at any moment of the slot (busy events and bookings, buffered).
        for agenda_id in slot.agenda_ids:
            spans = s.busy[agenda_id] + s.bookings[agenda_id]
            assert max_load(start, end, spans, s.kind.buffer_min) < capacity[agenda_id]
    # And nothing allowed is missing: the same slots as the brute force, one per modality.
    got = {}
    for slot in slots:
        got.setdefault(slot.start.astimezone(UTC), set()).add((slot.modality, slot.agenda_ids))
    expected = expected_starts(s, opening)
    assert set(got) == set(expected)
    assert all(got[t] == {("site", ids), ("phone", ids)} for t, ids in expected.items())
