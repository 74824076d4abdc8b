"""How the slots call and the results page grow: 10/100 agendas per site × 2,000/20,000 events per feed, and
2,000/20,000 sites in the directory.

In-process (Flask test client, production settings, SQLite in a temp dir), CPU time per request, so the figures
hold on a shared machine. "cold" is the first call after a change (the snapshots decoded and the free slots
computed; for the results page, the directory snapshot built); "warm" is every later call (served by the slot cache,
the directory snapshot and the page cache); "new query" is a results page for a postcode not asked before.

Run: python bench/bench_scaling.py [--agendas 10,100] [--events 2000,20000] [--sites 2000,20000]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WARM_CALLS = 30


def make_app(tmp: str):
    """A production-like app on a fresh SQLite database with the schema and one appointment type."""
    from bookingsite import create_app
    from bookingsite.directory.cli import upgrade_database
    from bookingsite.extensions import db
    from bookingsite.models import AppointmentType

    app = create_app({"ENV": "production", "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{tmp}/scaling.sqlite",
                      "OUTBOX_DIR": f"{tmp}/outbox", "RATELIMIT_ENABLED": False, "LOG_LEVEL": "WARNING",
                      "SMS_SENDER": "memory"})
    with app.app_context():
        upgrade_database()
        db.session.add(AppointmentType(id="first", label="First interview", duration_min=60, buffer_min=15,
                                       min_notice_min=120, horizon_days=60, modalities=["site", "phone", "video"],
                                       position=0))
        db.session.commit()
    return app


def cpu_ms(call) -> float:
    """CPU milliseconds of one call."""
    start = time.process_time()
    call()
    return (time.process_time() - start) * 1000


def get(client, path: str) -> None:
    """GET that must succeed."""
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code)


def busy_spans(rng: random.Random, events: int, now: datetime) -> list:
    """``events`` busy spans of 30-90 minutes in office hours over the next 8 weeks."""
    from bookingsite.availability.feeds import Interval

    spans = []
    for _ in range(events):
        day = now.date() + timedelta(days=rng.randrange(56))
        start = datetime(day.year, day.month, day.day, rng.randrange(7, 16), rng.choice((0, 15, 30, 45)), tzinfo=UTC)
        spans.append(Interval(start, start + timedelta(minutes=rng.choice((30, 45, 60, 90)))))
    return sorted(spans, key=lambda i: i.start)


def slots_site(app, site_id: str, agendas: int, events: int) -> None:
    """A Paris site with ``agendas`` agendas, each with a fresh snapshot of ``events`` busy spans."""
    from bookingsite.availability.feeds import intervals_to_json
    from bookingsite.extensions import db
    from bookingsite.models import Agenda, Operator, Site
    from bookingsite.models.feeds import FeedSnapshot

    rng, now = random.Random(agendas * events), datetime.now(UTC)
    with app.app_context():
        if db.session.get(Operator, "op-11") is None:
            db.session.add(Operator(id="op-11", name="CEP IDF", region_code="11"))
        db.session.add(Site(id=site_id, operator_id="op-11", name=site_id, address="1 rue", postcode="75011",
                            insee="75111", city="Paris", lat=48.86, lon=2.38, modalities=["site", "phone", "video"],
                            opening_hours="Mo-Fr 08:30-12:30,13:30-18:30; Sa 09:00-12:00", closures=[]))
        for n in range(agendas):
            agenda_id = f"{site_id}-a{n}"
            db.session.add(Agenda(id=agenda_id, site_id=site_id, name=agenda_id, mode="busy", capacity=1 + n % 2,
                                  feed_url=f"https://feeds.example/{agenda_id}.ics"))
            db.session.add(FeedSnapshot(agenda_id=agenda_id, status="ok", checked_at=now, fetched_at=now,
                                        last_success_at=now, events_count=events, covers_from=now - timedelta(days=1),
                                        covers_until=now + timedelta(days=90),
                                        intervals=intervals_to_json(busy_spans(rng, events, now))))
            db.session.commit()


def slots_row(app, agendas: int, events: int) -> None:
    """Print the cold and warm cost of the slots call for one site of this size."""
    site_id = f"s{agendas}x{events}"
    slots_site(app, site_id, agendas, events)
    client, path = app.test_client(), f"/api/v1/sites/{site_id}/slots?days=14"
    cold = cpu_ms(lambda: get(client, path))
    warm = statistics.median(cpu_ms(lambda: get(client, path)) for _ in range(WARM_CALLS))
    print(f"slots call, {agendas:>3} agendas x {events:>6,} events: cold {cold:9.1f} ms   warm {warm:6.2f} ms",
          flush=True)


def directory(app, count: int) -> list[str]:
    """Replace the directory with ``count`` sites on communes drawn at random; the postcodes to search from."""
    from sqlalchemy import delete, insert

    from bookingsite.extensions import db
    from bookingsite.geo import reference
    from bookingsite.models import Operator, Site

    rng, ref = random.Random(count), reference()
    communes = [c for c in ref.communes.values() if c.region == "84" or rng.random() < 0.3]
    with app.app_context():
        db.session.execute(delete(Site).where(Site.id.like("dir-%")))
        for code in ref.regions:
            if db.session.get(Operator, f"op-{code}") is None:
                db.session.add(Operator(id=f"op-{code}", name=f"CEP {code}", region_code=code))
        rows = [{"id": f"dir-{n:05d}", "operator_id": f"op-{c.region}", "name": f"CEP {c.name}", "address": "1 rue",
                 "postcode": c.postcode, "insee": c.insee, "city": c.name, "lat": c.lat, "lon": c.lon,
                 "opening_hours": "Mo-Fr 09:00-12:30,13:30-17:30", "modalities": ["site", "phone"], "closures": [],
                 "wheelchair": n % 2 == 0} for n, c in enumerate(rng.choices(communes, k=count))]
        db.session.execute(insert(Site), rows)
        db.session.commit()
    return sorted({c.postcode for c in communes if c.region == "84"})


def results_row(app, count: int) -> None:
    """Print the cost of the results page with ``count`` sites: snapshot built, new query, page kept."""
    postcodes = directory(app, count)
    client = app.test_client()
    app.extensions.pop("locator.snapshot", None)
    app.extensions.pop("page_cache", None)
    cold = cpu_ms(lambda: get(client, "/sites/?q=69001"))
    fresh = statistics.median(cpu_ms(lambda p=p: get(client, f"/sites/?q={p}")) for p in postcodes[:WARM_CALLS])
    warm = statistics.median(cpu_ms(lambda: get(client, "/sites/?q=69001")) for _ in range(WARM_CALLS))
    print(f"results page, {count:>6,} sites: snapshot built {cold:7.1f} ms   new query {fresh:6.2f} ms   "
          f"page kept {warm:6.2f} ms", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agendas", default="10,100")
    parser.add_argument("--events", default="2000,20000")
    parser.add_argument("--sites", default="2000,20000")
    args = parser.parse_args()
    print("CPU time per request, in-process (SQLite); median of", WARM_CALLS, "for warm figures")
    with tempfile.TemporaryDirectory(prefix="bs-scaling-") as tmp:
        app = make_app(tmp)
        for agendas in (int(a) for a in args.agendas.split(",") if a):
            for events in (int(e) for e in args.events.split(",") if e):
                slots_row(app, agendas, events)
        for count in (int(s) for s in args.sites.split(",") if s):
            results_row(app, count)


if __name__ == "__main__":
    main()
