"""Nearest sites by geodesic distance (pure): a 3-D grid prefilter, then the WGS-84 geodesic for the few that matter.

Why a grid of unit vectors: the straight-line (chord) distance between two unit vectors orders points exactly as the
great circle does, costs three subtractions, and a cube of cells bounds it from below without any trigonometry. The
ellipsoid differs from the sphere by well under 1 %, so ``LOWER``/``UPPER`` turn a chord into a safe bracket of the
geodesic distance: candidates are refined in chord order until no unseen one can beat the k-th best. The result is
exactly the brute-force geodesic sort (ties broken by id); a property test checks it.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from geographiclib.geodesic import Geodesic

from bookingsite.vocabulary import NEAR_KM

_WGS84 = Geodesic.WGS84
EARTH_KM = 6371.0088  # mean radius: the sphere the chord lives on
LOWER, UPPER = 0.9940, 1.0050  # geodesic / great-circle stays within [0.9943, 1.0044] on WGS-84; a thin margin
CELL = 0.01  # grid step on the unit sphere (about 64 km)
MAX_RING = 6  # beyond this, a full scan is cheaper than walking ever larger shells


class Located(Protocol):
    id: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Ranked:
    """A site with its geodesic distance from the origin."""

    site: Any
    distance_km: float

    @property
    def within_30km(self) -> bool:
        """Close enough to go there in person (the review's threshold)."""
        return self.distance_km <= NEAR_KM


@lru_cache(maxsize=65536)
def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """WGS-84 geodesic distance in km; memoised because origins (commune centres) repeat."""
    metres = vincenty_m(lat1, lon1, lat2, lon2)
    if metres is None:  # nearly antipodal: Vincenty's series does not converge, Karney's method always does
        metres = _WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"]
    return metres / 1000


_A, _F = _WGS84.a, _WGS84.f
_B = _A * (1 - _F)
_E2 = (_A * _A - _B * _B) / (_B * _B)


def vincenty_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float | None:
    """Vincenty's inverse on WGS-84 in metres (within 0.1 mm of geographiclib, 15 times faster), None if it diverges."""
    # geographiclib's Inverse costs ~70 µs in pure Python; ten of them per position search missed the 1 ms target.
    lam = big_l = math.radians(lon2 - lon1)
    u1, u2 = math.atan((1 - _F) * math.tan(math.radians(lat1))), math.atan((1 - _F) * math.tan(math.radians(lat2)))
    sin_u1, cos_u1, sin_u2, cos_u2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    for _ in range(40):
        sin_l, cos_l = math.sin(lam), math.cos(lam)
        sin_s = math.hypot(cos_u2 * sin_l, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_l)
        if sin_s == 0:
            return 0.0  # the same point
        cos_s = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_l
        sigma = math.atan2(sin_s, cos_s)
        sin_a = cos_u1 * cos_u2 * sin_l / sin_s
        cos2_a = 1 - sin_a * sin_a
        cos_2sm = cos_s - 2 * sin_u1 * sin_u2 / cos2_a if cos2_a else 0.0  # both on the equator
        c = _F / 16 * cos2_a * (4 + _F * (4 - 3 * cos2_a))
        previous = lam
        lam = big_l + (1 - c) * _F * sin_a * (sigma + c * sin_s * (cos_2sm + c * cos_s * (2 * cos_2sm ** 2 - 1)))
        if abs(lam - previous) < 1e-12:
            break
    else:
        return None
    u_sq = cos2_a * _E2
    a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta = b * sin_s * (cos_2sm + b / 4 * (cos_s * (2 * cos_2sm ** 2 - 1)
                                            - b / 6 * cos_2sm * (4 * sin_s ** 2 - 3) * (4 * cos_2sm ** 2 - 3)))
    return _B * a * (sigma - delta)


def unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    """The point on the unit sphere."""
    phi, lam = math.radians(lat), math.radians(lon)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def chord_to_km(chord: float) -> float:
    """Great-circle distance (km, on the mean sphere) for a chord of the unit sphere."""
    return EARTH_KM * 2 * math.asin(min(1.0, chord / 2))


def km_to_chord(km: float) -> float:
    """The chord of the unit sphere for a great-circle distance in km."""
    return 2 * math.sin(min(math.pi / 2, km / EARTH_KM / 2))


def _cell(v: tuple[float, float, float]) -> tuple[int, int, int]:
    return math.floor(v[0] / CELL), math.floor(v[1] / CELL), math.floor(v[2] / CELL)


def _shell(r: int) -> Iterable[tuple[int, int, int]]:
    """The offsets at Chebyshev distance exactly ``r``."""
    if r == 0:
        yield 0, 0, 0
        return
    for dx in range(-r, r + 1):
        for dy in range(-r, r + 1):
            if abs(dx) == r or abs(dy) == r:
                for dz in range(-r, r + 1):
                    yield dx, dy, dz
            else:
                yield dx, dy, -r
                yield dx, dy, r


_SHELLS = [tuple(_shell(r)) for r in range(MAX_RING + 1)]


class SiteIndex:
    """Sites bucketed by grid cell of their unit vector; build once per directory version."""

    def __init__(self, sites: Sequence[Located]):
        self.sites = tuple(sites)
        self.vectors = [unit_vector(s.lat, s.lon) for s in self.sites]
        self.cells: dict[tuple[int, int, int], list[int]] = {}
        for i, v in enumerate(self.vectors):
            self.cells.setdefault(_cell(v), []).append(i)

    def _chords(self, q, indexes: Iterable[int], keep) -> list[tuple[float, int]]:
        qx, qy, qz = q
        vectors, sites = self.vectors, self.sites
        found = []
        for i in indexes:
            if keep is None or keep(sites[i]):
                x, y, z = vectors[i]
                found.append((math.sqrt((x - qx) ** 2 + (y - qy) ** 2 + (z - qz) ** 2), i))
        return found

    def _candidates(self, q, limit: int, keep, max_chord: float) -> tuple[list[tuple[float, int]], float]:
        """Candidates (chord, index) and a chord below which every site was seen."""
        cx, cy, cz = _cell(q)
        seen: list[tuple[float, int]] = []
        for r, shell in enumerate(_SHELLS):
            for dx, dy, dz in shell:
                bucket = self.cells.get((cx + dx, cy + dy, cz + dz))
                if bucket:
                    seen.extend(self._chords(q, bucket, keep))
            # Every site in a shell beyond r is more than r cells away on some axis.
            covered = r * CELL
            if covered >= max_chord or sum(1 for c, _ in seen if c <= covered) >= limit:
                return seen, covered
        return self._chords(q, range(len(self.sites)), keep), math.inf

    def nearest(self, lat: float, lon: float, limit: int, keep: Callable[[Any], bool] | None = None,
                max_km: float | None = None,
                distance: Callable[[float, float, float, float], float] = geodesic_km) -> list[Ranked]:
        """The ``limit`` sites nearest to (lat, lon) by geodesic distance, ties by id, within ``max_km``."""
        if limit <= 0 or not self.sites:
            return []
        q = unit_vector(lat, lon)
        max_chord = km_to_chord(max_km / LOWER) if max_km is not None else math.inf
        seen, covered = self._candidates(q, limit, keep, max_chord)
        best = self._refine(lat, lon, sorted(seen), limit, max_km, distance)
        worst = best[-1][0] if len(best) == limit else (max_km if max_km is not None else math.inf)
        if covered < max_chord and LOWER * chord_to_km(covered) <= worst:
            # An unseen site might still beat the k-th best: fall back to the full scan (rare, e.g. far at sea).
            everyone = sorted(self._chords(q, range(len(self.sites)), keep))
            best = self._refine(lat, lon, everyone, limit, max_km, distance)
        return [Ranked(self.sites[i], km) for km, _id, i in best]

    def _refine(self, lat, lon, ordered: list[tuple[float, int]], limit: int, max_km: float | None,
                distance) -> list[tuple[float, str, int]]:
        """Geodesic distances in chord order until no later candidate can enter the best ``limit``."""
        best: list[tuple[float, str, int]] = []  # kept sorted; ``limit`` is small
        for chord, i in ordered:
            lower = LOWER * chord_to_km(chord)
            if max_km is not None and lower > max_km:
                break
            if len(best) >= limit and lower > best[-1][0]:
                break
            site = self.sites[i]
            km = distance(lat, lon, site.lat, site.lon)
            if max_km is not None and km > max_km:
                continue
            best.append((km, site.id, i))
            best.sort()
            del best[limit:]
        return best


def nearest_sites(origin_lat: float, origin_lon: float, sites: Sequence[Located] | SiteIndex, limit: int,
                  keep: Callable[[Any], bool] | None = None, max_km: float | None = None) -> list[Ranked]:
    """The nearest ``limit`` sites, ascending geodesic distance (build a ``SiteIndex`` once to reuse it)."""
    index = sites if isinstance(sites, SiteIndex) else SiteIndex(sites)
    return index.nearest(origin_lat, origin_lon, limit, keep=keep, max_km=max_km)


def brute_force(origin_lat: float, origin_lon: float, sites: Iterable[Located], limit: int) -> list[Ranked]:
    """The reference answer: every geodesic distance, sorted (for tests and benchmarks)."""
    listed = list(sites)
    ranked = [(geodesic_km(origin_lat, origin_lon, s.lat, s.lon), s.id, n) for n, s in enumerate(listed)]
    return [Ranked(listed[n], km) for km, _id, n in heapq.nsmallest(limit, ranked)]
