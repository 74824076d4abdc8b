"""Territorial coverage: worked cases, a brute-force check on a random sample, the cache."""
from __future__ import annotations

import random

import pytest
from geopy.distance import geodesic

from bookingsite.directory.demo import demo_directory
from bookingsite.geo import Commune, reference
from bookingsite.piloting.coverage import (
    HIGH,
    LOW,
    CoverageSite,
    cached_coverage,
    compute_coverage,
    directory_version,
)
from bookingsite.piloting.geogrid import PointGrid, haversine_km

ORIGIN = (47.0, 2.0)


def commune(insee="18001", region="24", lat=ORIGIN[0], lon=ORIGIN[1], active=1000):
    """A made-up commune (only what coverage reads matters)."""
    return Commune(insee, f"C{insee}", f"C{insee}", insee[:2], region, lat, lon, active, ())


def site_at(km, bearing=90.0, region="24", modalities=("site",), site_id="s"):
    """A site ``km`` kilometres (geodesic) from the origin."""
    point = geodesic(kilometers=km).destination(ORIGIN, bearing)
    return CoverageSite(site_id, point.latitude, point.longitude, region, tuple(modalities))


@pytest.mark.parametrize("sites, covered, distance", [
    ([site_at(29.9)], 1000, 29.9),  # just inside 30 km
    ([site_at(30.1, bearing=0)], 0, 30.1),  # just outside, north (meridians are where sphere and ellipsoid differ most)
    ([site_at(29.95, bearing=180)], 1000, 29.95),  # close call to the south
    ([site_at(10, region="27")], 0, None),  # another region's site does not serve this commune
    ([site_at(10, modalities=("phone", "video"))], 0, None),  # a site that receives nobody does not count
    ([site_at(80, site_id="far"), site_at(45, bearing=200, site_id="near")], 0, 45.0),  # nearest of two
    ([], 0, None),  # no site at all
])
def test_one_commune(sites, covered, distance):
    result = compute_coverage([commune()], sites)
    region = result.region("24")
    assert region.covered_population == covered
    far = region.farthest[0]
    assert far.distance_km == (None if distance is None else pytest.approx(distance, abs=1e-6))


def test_other_regions_count_when_asked():
    result = compute_coverage([commune()], [site_at(10, region="27")], same_region=False)
    assert result.region("24").covered_population == 1000
    assert result.region("24").share == 1.0


def test_unknown_population_has_no_share_but_a_farthest_commune():
    result = compute_coverage([commune(active=0)], [site_at(5)])
    assert result.region("24").share is None
    assert result.region("24").farthest[0].distance_km == pytest.approx(5)


def test_farthest_communes_are_ranked_by_distance():
    communes = [commune("18001", lat=47.0), commune("18002", lat=47.5), commune("18003", lat=48.0)]
    result = compute_coverage(communes, [site_at(1, bearing=180)], farthest=2)
    assert [f.insee for f in result.region("24").farthest] == ["18003", "18002"]


def _demo_sites():
    ref = reference()
    return [CoverageSite(s["id"], s["lat"], s["lon"], ref.commune(s["insee"]).region, tuple(s["modalities"]))
            for s in demo_directory("http://localhost")["sites"]]


def test_demo_directory_matches_brute_force_on_a_random_sample():
    sites = _demo_sites()
    sample = random.Random(2021).sample(sorted(reference().communes.values(), key=lambda c: c.insee), 120)
    result = compute_coverage(sample, sites, farthest=len(sample))
    for region in result.regions:
        expected_covered, expected_distance = 0, {}
        for c in (c for c in sample if c.region == region.region):
            own = [s for s in sites if s.region == c.region and "site" in s.modalities]
            nearest = min(geodesic((c.lat, c.lon), (s.lat, s.lon)).km for s in own)
            expected_covered += c.active_population if nearest <= 30 else 0
            expected_distance[c.insee] = nearest
        assert region.covered_population == expected_covered, region.region
        got = {f.insee: f.distance_km for f in region.farthest}
        assert got.keys() <= expected_distance.keys()
        for insee, distance in got.items():
            assert distance == pytest.approx(expected_distance[insee], abs=1e-6)


def test_great_circle_stays_within_the_bounds_used_to_skip_geodesics():
    rng = random.Random(5)
    for _ in range(300):
        lat, lon = rng.uniform(-30, 55), rng.uniform(-65, 60)
        lat2, lon2 = lat + rng.uniform(-2, 2), lon + rng.uniform(-2, 2)
        ratio = geodesic((lat, lon), (lat2, lon2)).km / max(haversine_km(lat, lon, lat2, lon2), 1e-9)
        assert LOW <= ratio <= HIGH


def test_grid_within_and_nearest_match_a_scan():
    rng = random.Random(3)
    points = [(rng.uniform(41, 51), rng.uniform(-5, 9)) for _ in range(300)]
    grid = PointGrid(points)
    for _ in range(50):
        lat, lon = rng.uniform(41, 51), rng.uniform(-5, 9)
        scan = sorted((haversine_km(lat, lon, *p), i) for i, p in enumerate(points))
        found = sorted(grid.within(lat, lon, 40))
        assert [i for _, i in found] == [i for d, i in scan if d <= 40]
        assert grid.nearest(lat, lon)[1] == scan[0][1]
        assert grid.nearest(lat, lon)[0] == pytest.approx(scan[0][0])
    assert PointGrid([]).nearest(47, 2) is None


def test_version_changes_with_what_coverage_depends_on():
    base = site_at(10)
    moved = site_at(11, site_id="t")
    closed = site_at(10, modalities=("phone",))
    versions = {directory_version([base]), directory_version([moved]), directory_version([closed])}
    assert len(versions) == 3
    assert directory_version([base, moved]) == directory_version([moved, base])  # order does not matter


def test_cache_recomputes_only_when_the_directory_changes():
    calls = []

    def communes():
        calls.append(1)
        return [commune()]

    first = cached_coverage(communes, [site_at(12.5)])
    again = cached_coverage(communes, [site_at(12.5)])
    changed = cached_coverage(communes, [site_at(40.5)])
    assert again is first and len(calls) == 2
    assert changed.region("24").covered_population == 0
