"""Slot engine benchmark: 8 weeks of slots for a site with 10 agendas × 2,000 feed events (recurring included).

Run: python bench/bench_slots.py — prints the median time from stored snapshots (ISO JSON decoded, then the
engine) and of the engine alone, against the 50 ms target.
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bookingsite.availability.feeds import intervals_from_json, intervals_to_json, parse_feed
from bookingsite.availability.slots import free_slots
from bookingsite.geo.hours import open_intervals

ZONE = "Europe/Paris"
TZ = ZoneInfo(ZONE)
START_DAY = date(2026, 3, 2)  # 8 weeks across the change to summer time (29 March)
WEEKS, AGENDAS, EVENTS, TARGET_MS = 8, 10, 2_000, 50.0
NOW = datetime(2026, 3, 2, 7, 0, tzinfo=TZ)


def feed(seed: int) -> bytes:
    """An agenda's feed: 1,800 single events plus weekly/daily series giving ~200 occurrences."""
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    for n in range(EVENTS - 200):
        day = START_DAY + timedelta(days=rng.randrange(WEEKS * 7))
        start = datetime(day.year, day.month, day.day, rng.randrange(8, 18), rng.choice((0, 15, 30, 45)))
        lines += ["BEGIN:VEVENT", f"UID:s{seed}-{n}", "DTSTAMP:20260101T000000Z",
                  f"DTSTART;TZID={ZONE}:{start:%Y%m%dT%H%M%S}",
                  f"DTEND;TZID={ZONE}:{start + timedelta(minutes=rng.choice((30, 45, 60, 90))):%Y%m%dT%H%M%S}",
                  "END:VEVENT"]
    for n in range(5):  # 5 daily series × 40 occurrences = 200
        lines += ["BEGIN:VEVENT", f"UID:r{seed}-{n}", "DTSTAMP:20260101T000000Z",
                  f"DTSTART;TZID={ZONE}:20260302T{8 + 2 * n:02d}0000", f"DTEND;TZID={ZONE}:20260302T{8 + 2 * n:02d}2000",
                  "RRULE:FREQ=DAILY;COUNT=40", "END:VEVENT"]
    return ("\r\n".join(lines + ["END:VCALENDAR"]) + "\r\n").encode()


def main() -> None:
    """Build the snapshots once, then time slot computation from them."""
    opening = open_intervals("Mo-Fr 08:30-12:30,13:30-18:30; Sa 09:00-12:00", ZONE, "75", [], START_DAY, WEEKS * 7)
    horizon = datetime.combine(START_DAY + timedelta(days=WEEKS * 7), datetime.min.time(), TZ)
    agendas = [SimpleNamespace(id=f"a{i}", capacity=1 + i % 2, mode="busy") for i in range(AGENDAS)]
    stored = {}
    for i, agenda in enumerate(agendas):
        intervals = parse_feed(feed(i), ZONE, NOW, horizon, "busy")
        stored[agenda.id] = intervals_to_json(intervals)
    count = sum(len(v) for v in stored.values())
    kind = SimpleNamespace(duration_min=60, buffer_min=15, min_notice_min=120, modalities=["site", "phone", "video"])
    decoded = {k: intervals_from_json(v) for k, v in stored.items()}

    def from_snapshots():
        busy = {k: intervals_from_json(v) for k, v in stored.items()}
        return free_slots(opening, agendas, busy, {}, kind, NOW, horizon)

    def engine_only():
        return free_slots(opening, agendas, decoded, {}, kind, NOW, horizon)

    print(f"{count} busy intervals, {AGENDAS} agendas, {WEEKS} weeks, 21 runs each; CPU time is what the code costs, "
          "wall time also counts other processes on a shared machine")
    for name, run in (("from snapshots, cold (decode ISO + engine)", from_snapshots),
                      ("from snapshots, warm (decoded cache + engine)", engine_only)):
        cpu, wall, slots = [], [], None
        for _ in range(21):
            began, began_cpu = time.perf_counter(), time.process_time()
            slots = run()
            cpu.append((time.process_time() - began_cpu) * 1000)
            wall.append((time.perf_counter() - began) * 1000)
        median = statistics.median(cpu)
        print(f"{name}: median CPU {median:.1f} ms (wall {statistics.median(wall):.1f} ms), {len(slots)} slots — "
              f"{median / TARGET_MS:.2f}× the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    main()
