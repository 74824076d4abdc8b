"""Feed parsing benchmark: our parse_feed on a generated ~1 MB feed against icalendar's Calendar.from_ical alone.

Run: python bench/bench_parse.py — prints both medians and their ratio (target ≤ 1.5×).
"""
from __future__ import annotations

import random
import statistics
import sys
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import icalendar

from bookingsite.availability.feeds import parse_feed

TARGET = 1.5
ROUNDS = 9
NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""


def feed(size: int = 1_000_000) -> bytes:
    """A realistic export: a year of past and future events (UTC and TZID), 5 % repeating, summaries and notes."""
    rng = random.Random(42)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN", "X-WR-CALNAME:Conseillère", VTIMEZONE]
    n, length = 0, 0
    while length < size:
        start = datetime(2025, 9, 1, 8) + timedelta(days=rng.randrange(365), minutes=15 * rng.randrange(40))
        event = ["BEGIN:VEVENT", f"UID:{n:08d}-bench@example.org", "DTSTAMP:20260101T000000Z",
                 f"SUMMARY:Entretien {n} — bilan de compétences", "DESCRIPTION:Notes de préparation\\, suivi.",
                 "LOCATION:Site de Strasbourg centre", "STATUS:CONFIRMED", "TRANSP:OPAQUE"]
        if n % 2:
            event += [f"DTSTART;TZID=Europe/Paris:{start:%Y%m%dT%H%M%S}",
                      f"DTEND;TZID=Europe/Paris:{start + timedelta(hours=1):%Y%m%dT%H%M%S}"]
        else:
            event += [f"DTSTART:{start - timedelta(hours=1):%Y%m%dT%H%M%SZ}", "DURATION:PT45M"]
        if n % 20 == 0:
            event.append(f"RRULE:FREQ=WEEKLY;COUNT={rng.randrange(2, 30)}")
        event.append("END:VEVENT")
        text = "\r\n".join(event) + "\r\n"
        lines.append(text.rstrip("\r\n"))
        length += len(text.encode())
        n += 1
    return ("\r\n".join(lines + ["END:VCALENDAR"]) + "\r\n").encode()


def cpu_ms(run) -> float:
    """CPU time of one call of ``run`` in milliseconds (other processes on the machine do not count)."""
    began = time.process_time()
    run()
    return (time.process_time() - began) * 1000


def main() -> None:
    """Time both, print the ratio."""
    data = feed()
    warnings.simplefilter("ignore")
    events = data.count(b"BEGIN:VEVENT")
    found = len(parse_feed(data, "Europe/Paris", NOW, NOW + timedelta(days=61)))
    # Interleaved, so that a busy machine slows both sides alike; the best run is the least disturbed one.
    base_runs, our_runs = [], []
    for _ in range(ROUNDS):
        base_runs.append(cpu_ms(lambda: icalendar.Calendar.from_ical(data)))
        our_runs.append(cpu_ms(lambda: parse_feed(data, "Europe/Paris", NOW, NOW + timedelta(days=61))))
    base, ours = statistics.median(base_runs), statistics.median(our_runs)
    print(f"feed: {len(data) / 1e6:.2f} MB, {events} events, {found} intervals in a 61-day horizon")
    print(f"icalendar.Calendar.from_ical: median CPU {base:.0f} ms, best {min(base_runs):.0f} ms")
    print(f"parse_feed (parse + expand + intervals): median CPU {ours:.0f} ms, best {min(our_runs):.0f} ms")
    print(f"ratio: {ours / base:.2f}× on medians, {min(our_runs) / min(base_runs):.2f}× on best runs "
          f"(target ≤ {TARGET}×)")


if __name__ == "__main__":
    main()
