"""parse_feed against hand-made .ics fixtures: each case checked against the busy (or open) intervals expected."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bookingsite.availability.feeds import FeedError, Interval, merge_intervals, parse_feed

CALENDARS = Path(__file__).parent / "calendars"
PARIS = "Europe/Paris"
# Two weeks around the change to summer time (Sunday 29 March 2026), in Paris local time.
START = datetime(2026, 3, 23, tzinfo=ZoneInfo(PARIS))
END = datetime(2026, 4, 6, tzinfo=ZoneInfo(PARIS))


def calendar(name: str) -> bytes:
    """The bytes of a fixture in tests/availability/calendars/."""
    return (CALENDARS / name).read_bytes()


def local(intervals: list[Interval], zone: str) -> list[tuple[str, str]]:
    """Intervals as local wall-clock strings, the way an operator reads them."""
    tz = ZoneInfo(zone)
    return [(i.start.astimezone(tz).strftime("%m-%d %H:%M"), i.end.astimezone(tz).strftime("%m-%d %H:%M"))
            for i in intervals]


CASES = [
    # A UTC event and a TZID event; the May event is outside the horizon.
    ("plain.ics", PARIS, "busy", [("03-24 09:00", "03-24 10:00"), ("03-30 14:00", "03-30 15:30")]),
    # DAILY COUNT=4 with an EXDATE (25th) and a moved occurrence (26th → 16:00); THISANDFUTURE shifts 1-3 April to
    # 11:30; RDATE adds two 30-minute occurrences to the 23rd's.
    ("recurring.ics", PARIS, "busy", [
        ("03-23 16:30", "03-23 17:00"), ("03-24 14:00", "03-24 15:00"), ("03-25 16:30", "03-25 17:00"),
        ("03-26 16:00", "03-26 17:00"), ("03-27 14:00", "03-27 15:00"), ("03-30 10:00", "03-30 11:00"),
        ("03-31 10:00", "03-31 11:00"), ("04-01 11:30", "04-01 12:30"), ("04-02 08:00", "04-02 08:30"),
        ("04-02 11:30", "04-02 12:30"), ("04-03 11:30", "04-03 12:30")]),
    # Google writes UTC times plus X-WR-TIMEZONE: the weekly 09:00 stays 09:00 local after the DST change.
    ("google_xwr.ics", PARIS, "busy", [("03-23 09:00", "03-23 10:00"), ("03-30 09:00", "03-30 10:00")]),
    # Outlook's Windows zone names (with and without a VTIMEZONE) are read as Europe/Paris (summer time on the 30th).
    ("outlook.ics", PARIS, "busy", [("03-24 10:00", "03-24 11:00"), ("03-30 10:00", "03-30 11:00")]),
    # Floating times are the site's local time: in Paris…
    ("floating.ics", PARIS, "busy", [("03-24 09:00", "03-24 10:00")]),
    # …and in Cayenne (UTC−3) for a site in Guyane.
    ("floating.ics", "America/Cayenne", "busy", [("03-24 09:00", "03-24 10:00")]),
    # All-day events block whole local days; the 28-29 March weekend is 47 hours long (DST).
    ("all_day.ics", PARIS, "busy", [("03-24 00:00", "03-25 00:00"), ("03-28 00:00", "03-30 00:00")]),
    # All-day in La Réunion: the local days, not the UTC ones.
    ("all_day.ics", "Indian/Reunion", "busy", [("03-24 00:00", "03-25 00:00"), ("03-28 00:00", "03-30 00:00")]),
    # TRANSPARENT and CANCELLED events (and a cancelled occurrence of a series) do not block.
    ("transparent_cancelled.ics", PARIS, "busy", [
        ("03-24 10:00", "03-24 11:00"), ("03-25 09:00", "03-25 09:30"), ("03-27 09:00", "03-27 09:30")]),
    # RFC 5545 defaults: DURATION; a date without end lasts one day; a date-time without end takes no time;
    # an event without DTSTART is ignored.
    ("defaults.ics", PARIS, "busy", [("03-25 11:00", "03-25 11:45"), ("03-26 00:00", "03-27 00:00")]),
    # Open mode: availability windows (transparent ones included), the cancelled window dropped.
    ("open_windows.ics", PARIS, "open", [("03-24 09:00", "03-24 12:00"), ("03-26 14:00", "03-26 17:00")]),
    # VFREEBUSY: busy periods (one given as a duration), FBTYPE=FREE ignored.
    ("freebusy.ics", PARIS, "busy", [("03-24 09:00", "03-24 10:00"), ("03-25 14:00", "03-25 16:00")]),
]


@pytest.mark.parametrize(("name", "zone", "mode", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_feed_intervals(name, zone, mode, expected):
    intervals = parse_feed(calendar(name), zone, START, END, mode)
    assert local(intervals, zone) == expected
    assert all(i.start.tzinfo is UTC and i.end.tzinfo is UTC for i in intervals)


def test_infinite_rule_is_bounded_by_the_horizon():
    intervals = parse_feed(calendar("infinite.ics"), PARIS, START, END, "busy")
    assert len(intervals) == 14  # one a day, 23 March to 5 April
    assert intervals[0].start == datetime(2026, 3, 23, 11, 30, tzinfo=UTC)
    assert intervals[-1].start == datetime(2026, 4, 5, 11, 30, tzinfo=UTC)


def test_intervals_are_clipped_to_nothing_outside_the_horizon():
    assert parse_feed(calendar("plain.ics"), PARIS, datetime(2027, 1, 1, tzinfo=UTC),
                      datetime(2027, 2, 1, tzinfo=UTC)) == []


ERRORS = [
    # A login page served instead of the calendar.
    ("not_a_calendar.ics", "html"),
    # A bare VEVENT, no VCALENDAR around it.
    ("event_only.ics", "not_ical"),
    # A DTSTART that is not an iCalendar date-time.
    ("broken_dtstart.ics", "broken_dates"),
    # A repeat rule with a typo (UNTL).
    ("bad_rrule.ics", "bad_rule"),
    # An X-WR-TIMEZONE that is no time zone.
    ("bad_xwr_timezone.ics", "bad_timezone"),
    # An event every second: refused before expansion instead of hanging.
    ("runaway.ics", "too_many"),
    # Every 5 minutes since 1990: few in the horizon, but millions to walk through first.
    ("runaway_from_the_past.ics", "too_many"),
]


@pytest.mark.parametrize(("name", "code"), ERRORS, ids=[e[0] for e in ERRORS])
def test_unusable_feeds_raise_feed_error_with_a_reason(name, code):
    with pytest.raises(FeedError) as caught:
        parse_feed(calendar(name), PARIS, START, END, "busy")
    assert caught.value.code == code
    assert caught.value.reason and "\n" not in caught.value.reason


@pytest.mark.parametrize("data", [b"", b"   \r\n", b"\x00\x01\x02", b"BEGIN:VCALENDAR\nBEGIN:VEVENT\n\x00"])
def test_garbage_raises_feed_error(data):
    with pytest.raises(FeedError):
        parse_feed(data, PARIS, START, END, "busy")


def test_no_personal_data_is_kept():
    intervals = parse_feed(calendar("plain.ics"), PARIS, START, END, "busy")
    assert all(set(vars(i) if hasattr(i, "__dict__") else i.__slots__) == {"start", "end"} for i in intervals)


def test_merge_joins_overlapping_and_touching_intervals():
    t = lambda h: datetime(2026, 3, 24, h, tzinfo=UTC)
    merged = merge_intervals([Interval(t(9), t(10)), Interval(t(12), t(13)), Interval(t(10), t(11)),
                              Interval(t(9), t(9) .replace(minute=30))])
    assert merged == [Interval(t(9), t(11)), Interval(t(12), t(13))]


def test_copies_of_our_own_bookings_are_skipped():
    data = calendar("plain.ics").replace(b"UID:plain-utc@test", b"UID:booking-ABC123@bookingsite")
    intervals = parse_feed(data, PARIS, START, END, "busy", skip_uid_suffix="@bookingsite")
    assert local(intervals, PARIS) == [("03-30 14:00", "03-30 15:30")]


def test_stored_form_round_trips():
    from bookingsite.availability.feeds import intervals_from_json, intervals_to_json

    intervals = parse_feed(calendar("recurring.ics"), PARIS, START, END, "busy")
    stored = intervals_to_json(intervals)
    assert stored[0] == ["2026-03-23T15:30:00Z", "2026-03-23T16:00:00Z"]
    assert intervals_from_json(stored) == [(int(i.start.timestamp()), int(i.end.timestamp())) for i in intervals]
    # Other ISO forms (an offset, fractions) still read right.
    assert intervals_from_json([["2026-03-23T16:30:00+01:00", "2026-03-23T17:00:00.5+01:00"]]) == [
        (int(intervals[0].start.timestamp()), int(intervals[0].end.timestamp()))]
    assert intervals_from_json(None) == [] and intervals_from_json([]) == []
