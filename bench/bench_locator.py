"""Locator benchmark, in-process: nearest 10 among 2,000 sites, a whole search with open states, autocomplete.

Run: python bench/bench_locator.py — prints medians and p95 (CPU time per call) against the targets: nearest
< 1 ms median, autocomplete < 5 ms median. "cold" clears the geodesic memo before each call (a new position every
time, e.g. geolocation); "warm" repeats commune-centre origins, as postal-code searches do. The throughput of
/api/v1/sites under gunicorn is measured by bench/throughput.py.
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bookingsite.geo import reference
from bookingsite.locator.directory import Snapshot, build_snapshot
from bookingsite.locator.nearest import brute_force, geodesic_km
from bookingsite.locator.search import commune_origin, resolve_origin
from bookingsite.locator.service import search_sites

SITES, CALLS, LIMIT = 2_000, 400, 10
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
HOURS = ["Mo-Fr 09:00-12:30,13:30-17:30", "Tu-Fr 10:00-20:00; Sa 09:00-12:30", "Mo-Fr 09:00-19:00"]


def directory(rng: random.Random) -> Snapshot:
    """2,000 sites on communes drawn at random (weighted to where people work), 18 operators."""
    ref = reference()
    communes = [c for c in ref.communes.values() if c.active_population > 2_000]
    picked = rng.sample(communes, SITES)
    operators = [SimpleNamespace(id=f"op-{code}", name=f"Op {code}", region_code=code, phone="01", website=None,
                                 email=None) for code in ref.regions]
    sites = [SimpleNamespace(id=f"s{n:04d}", name=c.name, operator_id=f"op-{c.region}", address="1 rue",
                             postcode=c.postcode, insee=c.insee, city=c.name, lat=c.lat, lon=c.lon,
                             opening_hours=HOURS[n % 3], modalities=["site"], wheelchair=True, phone=None,
                             email=None, access=None, closures=[]) for n, c in enumerate(picked)]
    return build_snapshot(operators, sites, NOW.date())


def cycle(items: list) -> list:
    """``CALLS`` items, going round ``items``."""
    return [items[n % len(items)] for n in range(CALLS)]


def timed(calls) -> list[float]:
    """CPU milliseconds of each call (the machine is shared: wall time would measure the neighbours)."""
    found = []
    for call in calls:
        start = time.process_time()
        call()
        found.append((time.process_time() - start) * 1000)
    return found


def report(label: str, ms: list[float], target: float | None = None) -> None:
    median, p95 = statistics.median(ms), statistics.quantiles(ms, n=20)[-1]
    verdict = "" if target is None else ("  ok" if median < target else f"  ABOVE the {target} ms target")
    print(f"{label:<52} median {median:7.3f} ms   p95 {p95:7.3f} ms{verdict}")


def main() -> None:
    rng = random.Random(20261201)
    snapshot = directory(rng)
    index = snapshot.index
    ref = reference()
    metropolitan = [c for c in ref.communes.values() if c.region not in {"01", "02", "03", "04", "06"}]
    points = [(rng.uniform(42.5, 50.9), rng.uniform(-4.5, 7.9)) for _ in range(CALLS)]
    centres = [(c.lat, c.lon) for c in rng.sample(metropolitan, 50)]
    for lat, lon in points[:50]:  # the fast path must be the brute-force answer
        assert [r.site.id for r in index.nearest(lat, lon, LIMIT)] == \
               [r.site.id for r in brute_force(lat, lon, snapshot.sites, LIMIT)]
    print(f"{SITES} sites, {CALLS} calls each; CPU time per call")
    geodesic_km.cache_clear()
    per_call = timed([lambda: geodesic_km(48.0 + rng.random(), 2.0, 45.0, 4.0) for _ in range(200)])
    report("one geodesic distance (Vincenty on WGS-84, for scale)", per_call)
    report("nearest 10, cold (new position each call)",
           timed([lambda p=p: (geodesic_km.cache_clear(), index.nearest(p[0], p[1], LIMIT)) for p in points]), 1.0)
    for lat, lon in centres:
        index.nearest(lat, lon, LIMIT)
    warm = [centres[n % len(centres)] for n in range(CALLS)]
    report("nearest 10, warm (commune centres)", timed([lambda p=p: index.nearest(p[0], p[1], LIMIT) for p in warm]),
           1.0)
    report("brute force: 2,000 geodesic distances, sorted",
           timed([lambda p=p: brute_force(p[0], p[1], snapshot.sites, LIMIT) for p in points[:10]]))
    origins = [commune_origin(c) for c in rng.sample(metropolitan, 50)]
    for origin in origins:
        search_sites(snapshot, origin, NOW)
    report("whole search, warm (origin, operator, 10 open states)",
           timed([lambda o=o: search_sites(snapshot, o, NOW) for o in cycle(origins)]))
    prefixes = ["pa", "lyo", "st et", "saint-d", "le hav", "750", "69", "mars", "bord", "aj", "ste", "la ro"]
    report("autocomplete reference().search(prefix, 10)",
           timed([lambda q=q: ref.search(q, 10) for q in cycle(prefixes)]), 5.0)
    report("resolve_origin(postal code)",
           timed([lambda c=o.postcode: resolve_origin(c, ref) for o in cycle(origins)]))


if __name__ == "__main__":
    main()
