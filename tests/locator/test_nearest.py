"""Nearest sites: worked examples and a property against the brute-force geodesic sort."""
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookingsite.locator.nearest import (
    SiteIndex,
    brute_force,
    chord_to_km,
    geodesic_km,
    km_to_chord,
    nearest_sites,
    vincenty_m,
)


@dataclass(frozen=True)
class P:
    id: str
    lat: float
    lon: float


PARIS, LYON, STRASBOURG = P("paris", 48.8566, 2.3522), P("lyon", 45.764, 4.8357), P("strasbourg", 48.5734, 7.7521)
REUNION, AJACCIO = P("saint-pierre", -21.3393, 55.4781), P("ajaccio", 41.9192, 8.7386)
ALL = [PARIS, LYON, STRASBOURG, REUNION, AJACCIO]


@pytest.mark.parametrize("lat, lon, expected", [
    (48.86, 2.38, ["paris", "lyon", "strasbourg"]),  # Paris 11e: Paris, then Lyon (392 km) before Strasbourg (397)
    (-21.0, 55.5, ["saint-pierre", "ajaccio", "lyon"]),  # La Réunion: its own site, then the far side of the world
    (42.7, 9.45, ["ajaccio", "lyon", "strasbourg"]),  # Bastia: Ajaccio first
])
def test_order_by_geodesic_distance(lat, lon, expected):
    assert [r.site.id for r in nearest_sites(lat, lon, ALL, 3)] == expected


def test_distance_is_geodesic_km_and_marks_30km():
    first, second = nearest_sites(48.86, 2.38, ALL, 2)
    assert first.distance_km == pytest.approx(2.1, abs=0.2) and first.within_30km
    assert second.distance_km == pytest.approx(392, abs=3) and not second.within_30km


def test_filters_max_distance_and_limits():
    index = SiteIndex(ALL)
    assert [r.site.id for r in index.nearest(48.86, 2.38, 5, keep=lambda s: s.id != "lyon")][:2] == ["paris", "strasbourg"]
    assert [r.site.id for r in index.nearest(48.86, 2.38, 5, max_km=395)] == ["paris", "lyon"]
    assert index.nearest(48.86, 2.38, 0) == [] and SiteIndex([]).nearest(0, 0, 3) == []


def test_chord_conversions_round_trip():
    assert chord_to_km(km_to_chord(123.4)) == pytest.approx(123.4)


points = st.builds(P, st.text("abcdef", min_size=1, max_size=3),
                   st.floats(-60, 60, allow_nan=False), st.floats(-179, 179, allow_nan=False))
french = st.builds(P, st.text("abcdef", min_size=1, max_size=3),
                   st.floats(41.3, 51.1, allow_nan=False), st.floats(-5.2, 9.6, allow_nan=False))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sites=st.lists(st.one_of(french, french, points), max_size=40, unique_by=lambda p: p.id),
       origin=st.tuples(st.floats(-60, 60, allow_nan=False), st.floats(-179, 179, allow_nan=False)) | st.tuples(
           st.floats(41.3, 51.1, allow_nan=False), st.floats(-5.2, 9.6, allow_nan=False)),
       limit=st.integers(1, 12))
def test_equals_brute_force_geodesic_sort(sites, origin, limit):
    fast = [(r.site.id, r.distance_km) for r in nearest_sites(origin[0], origin[1], sites, limit)]
    slow = [(r.site.id, r.distance_km) for r in brute_force(origin[0], origin[1], sites, limit)]
    assert fast == slow


@settings(max_examples=60, deadline=None)
@given(coords=st.lists(st.sampled_from([(48.85, 2.35), (48.9, 2.3), (45.76, 4.83), (43.3, 5.37)]), max_size=30),
       limit=st.integers(1, 8))
def test_ties_at_the_same_place_are_broken_by_id(coords, limit):
    # Several sites in one building: same distance, the order is by id, as in the brute-force sort.
    sites = [P(f"s{n:02d}", lat, lon) for n, (lat, lon) in enumerate(coords)]
    fast = [r.site.id for r in nearest_sites(48.86, 2.38, sites, limit)]
    assert fast == [r.site.id for r in brute_force(48.86, 2.38, sites, limit)]


@settings(max_examples=300, deadline=None)
@given(a=st.tuples(st.floats(-80, 80), st.floats(-180, 180)), b=st.tuples(st.floats(-80, 80), st.floats(-180, 180)))
def test_geodesic_km_is_geographiclib_within_a_millimetre(a, b):
    # Vincenty's series in the fast path, Karney's method (geographiclib) where it does not converge.
    from geographiclib.geodesic import Geodesic

    exact = Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1], Geodesic.DISTANCE)["s12"] / 1000
    assert geodesic_km(a[0], a[1], b[0], b[1]) == pytest.approx(exact, abs=1e-6)


def test_geodesic_km_of_antipodes_falls_back_to_geographiclib():
    assert vincenty_m(0.0, 0.0, 0.5, 179.7) is None  # Vincenty diverges near antipodes
    assert geodesic_km(0.0, 0.0, 0.5, 179.7) == pytest.approx(19_944.1, abs=0.1)
