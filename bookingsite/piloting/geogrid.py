"""A latitude/longitude grid over points, for "every point within d km" and "nearest point" queries (pure)."""
from __future__ import annotations

from collections import defaultdict
from math import asin, cos, floor, pi, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088  # mean radius: great-circle distances within ~0.6 % of the WGS84 geodesic


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on the mean-radius sphere (fast; the geodesic settles close calls)."""
    p1, p2 = radians(lat1), radians(lat2)
    a = sin((p2 - p1) / 2) ** 2 + cos(p1) * cos(p2) * sin(radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(a)))


class PointGrid:
    """Points bucketed by cells of ``cell_deg`` degrees; queries only look at the cells a bounding box covers."""

    def __init__(self, points: list[tuple[float, float]], cell_deg: float = 0.25):
        self.cell_deg = cell_deg
        self.size = len(points)
        self._cells: dict[tuple[int, int], list[tuple[float, float, float, int]]] = defaultdict(list)
        for index, (lat, lon) in enumerate(points):
            p = radians(lat)
            self._cells[self._cell(lat, lon)].append((p, radians(lon), cos(p), index))

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return floor(lat / self.cell_deg), floor(lon / self.cell_deg)

    def within(self, lat: float, lon: float, km: float) -> list[tuple[float, int]]:
        """Every point whose great-circle distance is at most ``km``, as (distance, index)."""
        d = km / EARTH_RADIUS_KM
        p = radians(lat)
        # The exact longitude half-width of a spherical cap; the whole band when the cap reaches a pole.
        ratio = sin(d) / max(cos(p), 1e-9)
        dlon = 180.0 if ratio >= 1 else asin(ratio) * 180 / pi
        dlat = d * 180 / pi
        (i0, j0), (i1, j1) = self._cell(lat - dlat, lon - dlon), self._cell(lat + dlat, lon + dlon)
        lam, cp = radians(lon), cos(p)
        found = []
        for q, mu, cq, index in self._points_in(i0, i1, j0, j1):
            a = sin((q - p) / 2) ** 2 + cp * cq * sin((mu - lam) / 2) ** 2
            dist = 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(a)))
            if dist <= km:
                found.append((dist, index))
        return found

    def _points_in(self, i0: int, i1: int, j0: int, j1: int):
        cells = self._cells
        if (i1 - i0 + 1) * (j1 - j0 + 1) > len(cells):  # a huge box: walking the filled cells is cheaper
            for (i, j), points in cells.items():
                if i0 <= i <= i1 and j0 <= j <= j1:
                    yield from points
            return
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                yield from cells.get((i, j), ())

    def nearest(self, lat: float, lon: float, start_km: float = 30.0) -> tuple[float, int] | None:
        """The nearest point (great-circle), searching boxes of doubling size; None when there are no points."""
        if not self.size:
            return None
        km = start_km
        while True:
            found = self.within(lat, lon, km)
            if found:
                return min(found)
            if km > pi * EARTH_RADIUS_KM:
                return None
            km *= 2
