"""Where the person is: a postal code, a commune name or a position turned into an origin (pure).

``resolve_origin`` answers one of three things: an ``Origin`` (one place), a ``Choice`` (several communes: let the
person pick) or ``NotFound`` (with a reason the page words). Nothing here raises on bad input.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from bookingsite.geo.refdata import Commune, Reference, name_keys, normalize

MAX_QUERY = 100  # longer than any commune name with its postal code
OUTSIDE_KM = 60.0  # farther than this from every commune centre: at sea or abroad
_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
_GRID = 0.1  # degrees; cells of the commune grid used to find the commune at a position


@dataclass(frozen=True)
class Origin:
    """A resolved starting point: its label, coordinates and region (decides the operator)."""

    label: str
    lat: float
    lon: float
    region: str
    insee: str | None = None
    postcode: str | None = None


@dataclass(frozen=True)
class Choice:
    """Several communes match: the person chooses one."""

    query: str
    communes: tuple[Commune, ...]


@dataclass(frozen=True)
class NotFound:
    """Nothing to search from, and why: empty, too_long, unknown_postcode, no_match, outside, bad_position."""

    reason: str
    query: str = ""


Resolution = Origin | Choice | NotFound


def commune_origin(commune: Commune, postcode: str | None = None) -> Origin:
    """The origin at a commune's centre."""
    code = postcode or commune.postcode
    return Origin(f"{commune.name_article} ({code})", commune.lat, commune.lon, commune.region, commune.insee, code)


def resolve_origin(query: str | None, reference: Reference) -> Resolution:
    """A postal code (optionally with a name), an INSEE code or a commune name, to an origin or a choice."""
    text = " ".join((query or "").split())
    if not text:
        return NotFound("empty")
    if len(text) > MAX_QUERY:
        return NotFound("too_long", text[:MAX_QUERY])
    code = _POSTCODE.search(text)
    if code:
        return _by_postcode(code.group(1), _POSTCODE.sub(" ", text, count=1), reference, text)
    return _by_name(text, reference)


def _by_postcode(postcode: str, rest: str, reference: Reference, text: str) -> Resolution:
    communes = reference.communes_for_postcode(postcode)
    if not communes:
        return NotFound("unknown_postcode", postcode)
    wanted = normalize(rest)
    if wanted:  # "01000 Bourg-en-Bresse": the name picks among the communes of the code
        named = [c for c in communes if any(k.startswith(wanted) for k in name_keys(c.name, c.name_article))]
        communes = tuple(named) or communes
    if len(communes) == 1:
        return commune_origin(communes[0], postcode)
    return Choice(text, communes)


def _by_name(text: str, reference: Reference) -> Resolution:
    if _INSEE.match(text) and reference.commune(text):
        return commune_origin(reference.commune(text))
    key = normalize(text)
    if not key:
        return NotFound("no_match", text)
    found = reference.search(text, limit=20)
    exact = [c for c in found if key in name_keys(c.name, c.name_article)]
    if len(exact) == 1:
        return commune_origin(exact[0])
    if exact or len(found) > 1:
        return Choice(text, tuple((exact or found)[:10]))
    if found:
        return commune_origin(found[0])
    return NotFound("no_match", text)


def resolve_insee(insee: str | None, reference: Reference) -> Origin | NotFound:
    """The origin of a commune chosen by its INSEE code (the links of a ``Choice``)."""
    commune = reference.commune(insee) if insee and _INSEE.match(insee) else None
    return commune_origin(commune) if commune else NotFound("no_match", (insee or "")[:10])


def parse_position(lat: str | None, lon: str | None) -> tuple[float, float] | None:
    """Two finite numbers within the globe's bounds, or None."""
    try:
        values = float(lat or ""), float(lon or "")
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in values) or abs(values[0]) > 90 or abs(values[1]) > 180:
        return None
    return values


def position_origin(lat: float, lon: float, reference: Reference, label: str | None = None) -> Origin | NotFound:
    """The origin at a position, in the region of the nearest commune; ``outside`` when none is near."""
    commune = nearest_commune(lat, lon, reference)
    if commune is None:
        return NotFound("outside")
    return Origin(label or commune.name_article, lat, lon, commune.region, commune.insee, commune.postcode)


def nearest_commune(lat: float, lon: float, reference: Reference) -> Commune | None:
    """The commune whose centre is nearest (within ``OUTSIDE_KM``), walking rings of grid cells outwards."""
    grid = _commune_grid(reference)
    i, j = math.floor(lat / _GRID), math.floor(lon / _GRID)
    # One cell is at least this wide anywhere within the search radius (longitudes shrink towards the poles).
    cell_km = 111.0 * _GRID * max(0.02, math.cos(math.radians(min(89.0, abs(lat) + 1))))
    best, best_km = None, OUTSIDE_KM
    for r in range(math.ceil(OUTSIDE_KM / cell_km) + 1):
        for di, dj in _ring(r):
            for commune in grid.get((i + di, j + dj), ()):
                km = _haversine_km(lat, lon, commune.lat, commune.lon)
                if km <= best_km:
                    best, best_km = commune, km
        if best is not None and best_km <= r * cell_km:  # nothing beyond ring r can be nearer
            break
    return best


def _ring(r: int):
    if r == 0:
        yield 0, 0
        return
    for d in range(-r, r + 1):
        yield -r, d
        yield r, d
    for d in range(-r + 1, r):
        yield d, -r
        yield d, r


@lru_cache(maxsize=4)
def _commune_grid(reference: Reference) -> dict[tuple[int, int], tuple[Commune, ...]]:
    grid: dict[tuple[int, int], list[Commune]] = {}
    for commune in reference.communes.values():
        grid.setdefault((math.floor(commune.lat / _GRID), math.floor(commune.lon / _GRID)), []).append(commune)
    return {k: tuple(v) for k, v in grid.items()}


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance: enough to tell which commune centre is nearest."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def locate(query: str | None, reference: Reference,
           geocode: Callable[[str], tuple[float, float, str] | None] | None = None) -> Resolution:
    """A street address goes to the optional online geocoder first; everything else, or its failure, offline."""
    text = " ".join((query or "").split())
    if geocode is not None and len(text) <= MAX_QUERY and looks_like_address(text):
        point = geocode(text)  # None when the geocoder is down or finds nothing: the offline data answers
        if point is not None:
            found = position_origin(point[0], point[1], reference, point[2])
            if isinstance(found, Origin):
                return found
    return resolve_origin(text, reference)


def looks_like_address(text: str) -> bool:
    """A street address: a house number and words, e.g. "12 rue de la Paix Paris"."""
    words = text.split()
    return len(words) >= 3 and any(w.isdigit() and len(w) <= 4 for w in words[:2])
