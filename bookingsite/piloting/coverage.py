"""Territorial coverage: the share of the active population within 30 km of a site that receives people (pure).

Each commune counts with its whole active population (INSEE 2021) at its reference point. Distances are WGS84
geodesics (geopy); a grid and great-circle distances pick the candidates so that only close calls pay for a
geodesic (the geodesic is within [0.994, 1.005] times the mean-radius great circle, anywhere on Earth).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from threading import Lock

from geopy.distance import geodesic

from bookingsite.piloting.geogrid import PointGrid
from bookingsite.vocabulary import NEAR_KM

LOW, HIGH = 0.994, 1.005  # bounds of geodesic / great-circle distance (meridian radius at equator and poles)
RECEIVING = "site"  # the modality of sites that receive people in person


@dataclass(frozen=True, slots=True)
class CoverageSite:
    """What coverage needs of a directory site."""

    id: str
    lat: float
    lon: float
    region: str
    modalities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FarCommune:
    """A commune and its geodesic distance to the nearest receiving site (None: no such site)."""

    insee: str
    name: str
    region: str
    active_population: int
    distance_km: float | None
    site_id: str | None


@dataclass(frozen=True, slots=True)
class RegionCoverage:
    """One region's figures."""

    region: str
    sites: int
    communes: int
    active_population: int
    covered_population: int
    farthest: tuple[FarCommune, ...]

    @property
    def share(self) -> float | None:
        """Covered share of the active population, 0..1; None when the population is unknown (Mayotte)."""
        return self.covered_population / self.active_population if self.active_population else None


@dataclass(frozen=True, slots=True)
class Coverage:
    """Coverage of every region, for one directory version and one radius."""

    version: str
    radius_km: float
    same_region: bool
    regions: tuple[RegionCoverage, ...]

    @property
    def active_population(self) -> int:
        """Active population of all the regions."""
        return sum(r.active_population for r in self.regions)

    @property
    def covered_population(self) -> int:
        """Active population within the radius, all regions."""
        return sum(r.covered_population for r in self.regions)

    @property
    def share(self) -> float:
        """National covered share, 0..1."""
        return self.covered_population / self.active_population if self.active_population else 0.0

    def region(self, code: str) -> RegionCoverage | None:
        """One region's figures, if it has communes."""
        return next((r for r in self.regions if r.region == code), None)


def directory_version(sites: Iterable[CoverageSite]) -> str:
    """A fingerprint of what coverage depends on: changes whenever a site moves, opens, closes or changes modality."""
    digest = hashlib.sha256()
    for site in sorted(sites, key=lambda s: s.id):
        digest.update(f"{site.id}|{site.lat:.6f}|{site.lon:.6f}|{site.region}|{RECEIVING in site.modalities}\n"
                      .encode())
    return digest.hexdigest()[:16]


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """WGS84 geodesic distance in km."""
    return geodesic((lat1, lon1), (lat2, lon2)).km


class _Index:
    """Receiving sites by region (or all together), each group in a grid."""

    def __init__(self, sites: list[CoverageSite], same_region: bool):
        self.same_region = same_region
        self.groups: dict[str | None, list[CoverageSite]] = {}
        for site in sites:
            if RECEIVING in site.modalities:
                self.groups.setdefault(site.region if same_region else None, []).append(site)
        self.grids = {key: PointGrid([(s.lat, s.lon) for s in group]) for key, group in self.groups.items()}

    def group(self, region: str) -> tuple[list[CoverageSite], PointGrid | None]:
        key = region if self.same_region else None
        return self.groups.get(key, []), self.grids.get(key)


def _is_within(lat: float, lon: float, near: list[tuple[float, int]], sites: list[CoverageSite],
               radius_km: float) -> bool:
    """Whether a geodesic within the radius exists among the great-circle candidates (sorted by distance)."""
    for dist, index in sorted(near):
        if dist * HIGH <= radius_km:
            return True  # sure without a geodesic
        if dist * LOW > radius_km:
            return False
        site = sites[index]
        if geodesic_km(lat, lon, site.lat, site.lon) <= radius_km:
            return True
    return False


def _nearest_exact(commune, sites: list[CoverageSite], grid: PointGrid, best: float) -> tuple[float, str]:
    """The geodesic-nearest site: every site whose great circle could beat the best one is measured."""
    candidates = grid.within(commune.lat, commune.lon, best * HIGH / LOW + 1e-9)
    dist, site = min((geodesic_km(commune.lat, commune.lon, sites[i].lat, sites[i].lon), sites[i].id)
                     for _, i in candidates)
    return dist, site


def _farthest(region: str, scored: list[tuple[float, object]], sites, grid, count: int) -> tuple[FarCommune, ...]:
    """The ``count`` communes farthest (geodesic) from their nearest site, among the great-circle leaders."""
    if not scored or not count:
        return ()
    if grid is None:
        ranked = sorted(scored, key=lambda item: -item[1].active_population)[:count]
        return tuple(FarCommune(c.insee, c.name, region, c.active_population, None, None) for _, c in ranked)
    scored = sorted(scored, key=lambda item: -item[0])
    # A commune may only overtake the k-th if its great-circle distance allows it.
    floor_km = scored[min(count, len(scored)) - 1][0] * LOW / HIGH
    exact = []
    for best, commune in scored:
        if best < floor_km:
            break
        dist, site_id = _nearest_exact(commune, sites, grid, best)
        exact.append(FarCommune(commune.insee, commune.name, region, commune.active_population, dist, site_id))
    return tuple(sorted(exact, key=lambda f: (-f.distance_km, f.insee))[:count])


def _region(region: str, communes: list, index: _Index, radius_km: float, farthest: int) -> RegionCoverage:
    sites, grid = index.group(region)
    covered, scored = 0, []
    # The farthest list is about where people live, unless no commune has a known population (Mayotte).
    ranked_all = not any(c.active_population for c in communes)
    for commune in communes:
        near = grid.within(commune.lat, commune.lon, radius_km / LOW) if grid else []
        if near and _is_within(commune.lat, commune.lon, near, sites, radius_km):
            covered += commune.active_population
        if commune.active_population > 0 or ranked_all:
            best = min(near)[0] if near else (grid.nearest(commune.lat, commune.lon, radius_km * 2)[0]
                                              if grid else 0.0)
            scored.append((best, commune))
    own_sites = sum(1 for s in index.groups.get(region if index.same_region else None, []) if s.region == region)
    return RegionCoverage(region, own_sites, len(communes), sum(c.active_population for c in communes), covered,
                          _farthest(region, scored, sites, grid, farthest))


def compute_coverage(communes: Iterable, sites: Iterable[CoverageSite], radius_km: float = NEAR_KM,
                     farthest: int = 3, same_region: bool = True) -> Coverage:
    """Coverage by region. ``same_region``: only the sites of the commune's own region count (its operator's)."""
    sites = list(sites)
    index = _Index(sites, same_region)
    by_region: dict[str, list] = {}
    for commune in communes:
        by_region.setdefault(commune.region, []).append(commune)
    regions = tuple(_region(code, by_region[code], index, radius_km, farthest) for code in sorted(by_region))
    return Coverage(directory_version(sites), radius_km, same_region, regions)


_cache: dict[tuple, Coverage] = {}
_cache_lock = Lock()


def cached_coverage(communes_source, sites: Iterable[CoverageSite], radius_km: float = NEAR_KM,
                    farthest: int = 3, same_region: bool = True) -> Coverage:
    """``compute_coverage`` once per directory version (and settings); recomputed when the directory changes.

    ``communes_source`` is a callable returning the communes (the reference data is fixed for a process).
    """
    sites = list(sites)
    key = (directory_version(sites), radius_km, farthest, same_region)
    with _cache_lock:  # one computation at a time: concurrent requests wait for it rather than repeat it
        if key not in _cache:
            if len(_cache) >= 8:  # old directory versions are not coming back
                _cache.clear()
            _cache[key] = compute_coverage(communes_source(), sites, radius_km, farthest, same_region)
        return _cache[key]
