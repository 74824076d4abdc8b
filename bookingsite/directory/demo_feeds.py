"""The demo agendas' busy calendars, generated as real iCalendar (RRULE, EXDATE, all-day events; pure)."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event


def _seed(agenda_id: str) -> int:
    return int(hashlib.sha256(agenda_id.encode()).hexdigest()[:8], 16)


def demo_feed(agenda_id: str, zone: str, today: date, weeks: int = 9) -> bytes:
    """A plausible advisor calendar from ``today``: a weekly meeting, appointments, a training day."""
    tz = ZoneInfo(zone)
    seed = _seed(agenda_id)
    cal = Calendar()
    cal.add("prodid", "-//bookingsite//demo feed//FR")
    cal.add("version", "2.0")
    monday = today - timedelta(days=today.weekday())
    # A weekly team meeting, with one week skipped (EXDATE), as Outlook and Google publish them.
    meeting = _event(f"{agenda_id}-meeting", datetime.combine(monday, time(9, 0), tz), 60, "Réunion d'équipe")
    meeting.add("rrule", {"freq": "weekly", "count": weeks})
    meeting.add("exdate", datetime.combine(monday + timedelta(weeks=2), time(9, 0), tz))
    cal.add_component(meeting)
    for k in range(weeks * 6):  # about six existing appointments a week
        day = monday + timedelta(days=(seed + 7 * k) % (weeks * 7))
        if day.weekday() > 5 or day < today:
            continue
        start = datetime.combine(day, time(9 + (seed // (k + 1)) % 8, 30 if (seed >> k) & 1 else 0), tz)
        cal.add_component(_event(f"{agenda_id}-rdv-{k}", start, 60, "Rendez-vous"))
    training = monday + timedelta(weeks=3, days=seed % 5)
    all_day = Event()
    all_day.add("uid", f"{agenda_id}-training@demo.bookingsite")
    all_day.add("summary", "Formation")
    all_day.add("dtstart", training)
    all_day.add("dtend", training + timedelta(days=1))
    all_day.add("dtstamp", datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))
    cal.add_component(all_day)
    cal.add_missing_timezones()  # VTIMEZONE blocks, as real servers publish them
    return cal.to_ical()


def _event(uid: str, start: datetime, minutes: int, summary: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@demo.bookingsite")
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=minutes))
    event.add("dtstamp", datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))
    return event
