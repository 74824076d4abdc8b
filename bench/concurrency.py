"""Concurrency: two gunicorn instances (2 workers each) on one PostgreSQL, many clients booking the same few slots.

All clients are released at once (a barrier) against both instances through POST /api/v1/bookings with the demo
partner's key. Prints attempts, confirmed (201), refused (409), other answers, and the double bookings found in the
database afterwards: confirmed bookings of one agenda overlapping beyond its capacity. That last figure must be 0.

Run: python bench/concurrency.py [--postgres URL] [--site demo-69266] [--slots 3] [--per-slot 24]
(default server: postgresql+psycopg://postgres@127.0.0.1:5432/test; a fresh database is created and dropped).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from serve import SITE_APP, demo_database, free_port, gunicorn, site_env

API_KEY = "demo-partner-key"
# Pairs of confirmed bookings of one agenda where one starts while the other runs, beyond the agenda's capacity.
DOUBLE_BOOKINGS_SQL = """
SELECT b.agenda_id, b.start, COUNT(*) AS overlapping, a.capacity
FROM booking b
JOIN booking o ON o.agenda_id = b.agenda_id AND o.status = 'confirmed'
              AND o.start <= b.start AND b.start < o."end"
JOIN agenda a ON a.id = b.agenda_id
WHERE b.status = 'confirmed'
GROUP BY b.id, b.agenda_id, b.start, a.capacity
HAVING COUNT(*) > a.capacity
"""


def post(base: str, path: str, body: dict, timeout: float = 30) -> tuple[int, dict]:
    """One JSON POST with the demo partner's key; (status, body)."""
    host, port = base.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json", "X-Api-Key": API_KEY})
        response = conn.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw or b"{}")
        except ValueError:
            return response.status, {}
    finally:
        conn.close()


def endpoint_available(base: str) -> bool:
    """The booking endpoint answers (anything but 404/405 to an empty request)."""
    status, _ = post(base, "/api/v1/bookings", {})
    return status not in (404, 405)


def free_slots(base: str, database_url: str, site_id: str, count: int) -> list[dict]:
    """The first free slots of the site: from the API when it has them, else from the booking package in-process."""
    host, port = base.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request("GET", f"/api/v1/sites/{site_id}/slots?days=14")
    response = conn.getresponse()
    body = response.read()
    slots = json.loads(body)["slots"] if response.status == 200 else _slots_in_process(base, database_url, site_id)
    picked: list[dict] = []
    for slot in slots:  # slots that do not overlap one another, so each one is a separate fight
        if not picked or slot["start"] >= picked[-1]["end"]:
            picked.append(slot)
    return picked[:count]


def _slots_in_process(base: str, database_url: str, site_id: str) -> list[dict]:
    from bookingsite import clock, create_app
    from bookingsite.booking import service
    from bookingsite.extensions import db
    from bookingsite.models import AppointmentType, Site

    app = create_app({"ENV": "testing", "DATABASE_URL": database_url, "BASE_URL": base, "DEMO": True})
    with app.app_context():
        site = db.session.get(Site, site_id)
        first_type = db.session.scalars(db.select(AppointmentType).order_by(AppointmentType.position)).first()
        now = clock.now()
        found = service.slots_for(site, first_type, None, (now + timedelta(days=1)).date(), 14, now, app.config)
        slots = [{"start": s.start.isoformat(), "end": s.end.isoformat(), "modality": s.modality}
                 for s in found.slots]
        db.session.remove()
        db.engine.dispose()
    return slots


def storm(bases: list[str], site_id: str, slots: list[dict], per_slot: int) -> Counter:
    """Every client posts at the same moment; returns a count of answers by status."""
    jobs = [(bases[i % len(bases)], slot, k * per_slot + i) for k, slot in enumerate(slots) for i in range(per_slot)]
    barrier = threading.Barrier(len(jobs))
    answers: Counter = Counter()
    samples: dict[int, dict] = {}
    lock = threading.Lock()

    def client(base: str, slot: dict, n: int) -> None:
        body = {"site_id": site_id, "start": slot["start"], "modality": slot["modality"], "consent": True,
                "name": f"Bench Person {n}", "email": f"bench-{n}@example.org"}
        barrier.wait(timeout=60)
        try:
            status, answer = post(base, "/api/v1/bookings", body)
        except OSError:
            status, answer = 0, {}  # connection error or timeout
        with lock:
            answers[status] += 1
            samples.setdefault(status, answer)

    threads = [threading.Thread(target=client, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for status, answer in sorted(samples.items()):
        if status not in (201, 409):
            print(f"sample answer {status}: {json.dumps(answer)[:300]}")
    return answers


def double_bookings(database_url: str) -> list:
    """Rows of DOUBLE_BOOKINGS_SQL (must be empty)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = list(conn.execute(text(DOUBLE_BOOKINGS_SQL)))
    engine.dispose()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("BOOKINGSITE_BENCH_POSTGRES",
                                                             "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--site", default="demo-69266", help="a demo site (this one has two agendas)")
    parser.add_argument("--slots", type=int, default=3, help="how many slots everyone fights for")
    parser.add_argument("--per-slot", type=int, default=24, help="clients per slot")
    args = parser.parse_args()
    port_a, port_b = free_port(), free_port()
    base_url = f"http://127.0.0.1:{port_a}"  # demo feeds are served by instance A
    with tempfile.TemporaryDirectory(prefix="bs-conc-") as tmp, demo_database(args.postgres, base_url) as db_url:
        env, log = site_env(db_url, base_url, tmp), Path(tmp) / "gunicorn.log"
        with gunicorn(SITE_APP, port_a, env, 2, log) as a, gunicorn(SITE_APP, port_b, env, 2, log) as b:
            if not endpoint_available(a):
                print("booking endpoint not available yet (POST /api/v1/bookings answers 404): nothing to measure")
                return 0
            slots = free_slots(a, db_url, args.site, args.slots)  # also brings the demo feeds in, once
            if not slots:
                print(f"no free slot found for {args.site}: nothing to measure")
                return 1
            started = time.monotonic()
            answers = storm([a, b], args.site, slots, args.per_slot)
            elapsed = time.monotonic() - started
        doubles = double_bookings(db_url)
    report(args, slots, answers, elapsed, doubles)
    return 1 if doubles else 0


def report(args, slots: list[dict], answers: Counter, elapsed: float, doubles: list) -> None:
    attempts = sum(answers.values())
    others = {status: n for status, n in answers.items() if status not in (201, 409)}
    print(f"2 gunicorn instances x 2 workers on one PostgreSQL; site {args.site}; "
          f"{len(slots)} slots: {', '.join(s['start'] for s in slots)}")
    print(f"attempts:         {attempts} ({args.per_slot} clients per slot, all released at once, {elapsed:.1f} s)")
    print(f"confirmed (201):  {answers.get(201, 0)}")
    print(f"refused (409):    {answers.get(409, 0)}")
    print(f"errors/other:     {sum(others.values())} {dict(sorted(others.items())) if others else ''}")
    print(f"double bookings:  {len(doubles)}" + (f"  {doubles[:5]}" if doubles else "  (must be 0)"))


if __name__ == "__main__":
    sys.exit(main())
