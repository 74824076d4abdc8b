"""Weekly counts on the national calendar."""
from datetime import UTC, date, datetime

from bookingsite.widget.stats import first_instant, week_of, weekly_counts

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # Tuesday 1 December 2026, 09:00 in Paris


def test_week_of_uses_paris_time():
    assert week_of(datetime(2026, 11, 29, 22, 30, tzinfo=UTC)) == date(2026, 11, 23)  # Sunday 23:30 in Paris
    assert week_of(datetime(2026, 11, 29, 23, 30, tzinfo=UTC)) == date(2026, 11, 30)  # Monday 00:30 in Paris
    assert week_of(datetime(2026, 11, 29, 23, 30)) == date(2026, 11, 30)  # naive (SQLite) read as UTC


def test_weekly_counts_newest_first_with_empty_weeks():
    started = [datetime(2026, 11, 30, 9, tzinfo=UTC), datetime(2026, 12, 1, 7, tzinfo=UTC),
               datetime(2026, 11, 17, 9, tzinfo=UTC)]
    finished = [datetime(2026, 12, 1, 7, tzinfo=UTC)]
    bookings = [datetime(2026, 11, 18, 9, tzinfo=UTC)]
    weeks = weekly_counts(started, finished, bookings, NOW, weeks=3)
    assert [(w.week, w.started, w.finished, w.bookings) for w in weeks] == [
        (date(2026, 11, 30), 2, 1, 0),  # this week
        (date(2026, 11, 23), 0, 0, 0),  # nothing: still listed
        (date(2026, 11, 16), 1, 0, 1),
    ]


def test_first_instant_is_the_oldest_monday_at_midnight_in_paris():
    assert first_instant(NOW, 3) == datetime(2026, 11, 15, 23, 0, tzinfo=UTC)
