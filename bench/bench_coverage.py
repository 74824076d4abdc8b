"""Territorial coverage: time and figures for the demo directory, and time for a 2,000-site directory.

Coverage = share of the active population (INSEE 2021) within 30 km (geodesic) of a site of its region's operator
that receives people (modality "site"); the farthest commune of each region and its distance.
Run: python bench/bench_coverage.py
"""
from __future__ import annotations

import random
import time

from bookingsite.directory.demo import demo_directory
from bookingsite.geo import reference
from bookingsite.piloting.coverage import CoverageSite, compute_coverage


def demo_sites() -> list[CoverageSite]:
    """The demo directory's sites, as coverage reads them."""
    ref = reference()
    return [CoverageSite(s["id"], s["lat"], s["lon"], ref.commune(s["insee"]).region, tuple(s["modalities"]))
            for s in demo_directory("http://localhost")["sites"]]


def random_sites(count: int, seed: int = 7) -> list[CoverageSite]:
    """``count`` receiving sites on communes drawn at random, weighted by active population."""
    communes = list(reference().communes.values())
    rng = random.Random(seed)
    picked = rng.choices(communes, weights=[c.active_population + 1 for c in communes], k=count)
    return [CoverageSite(f"s{i}", c.lat, c.lon, c.region, ("site",)) for i, c in enumerate(picked)]


def timed(sites, **options):
    """The coverage and the seconds it took."""
    communes = list(reference().communes.values())
    start = time.perf_counter()
    result = compute_coverage(communes, sites, **options)
    return result, time.perf_counter() - start


def main() -> None:
    ref = reference()
    sites = demo_sites()
    result, seconds = timed(sites)
    print(f"demo directory: {len(sites)} sites, {sum('site' in s.modalities for s in sites)} receiving, "
          f"{len(ref.communes)} communes: {seconds:.2f} s")
    print("| region | active population | within 30 km | farthest commune | distance |")
    print("|---|---:|---:|---|---:|")
    for r in result.regions:
        far = r.farthest[0] if r.farthest else None
        where = f"{far.name} ({far.insee})" if far else "—"
        share = "—" if r.share is None else f"{r.share:.1%}"
        dist = f"{far.distance_km:.1f} km" if far and far.distance_km is not None else "—"
        print(f"| {ref.regions[r.region].name} | {r.active_population:,} | {share} | {where} | {dist} |")
    print(f"| France | {result.active_population:,} | {result.share:.1%} | | |")
    anywhere, seconds = timed(sites, same_region=False)
    print(f"any region's site counts: {anywhere.share:.1%} nationally ({seconds:.2f} s)")
    for count in (500, 2000):
        big, seconds = timed(random_sites(count))
        print(f"{count} random sites: {seconds:.2f} s, {big.share:.1%} within 30 km")


if __name__ == "__main__":
    main()
