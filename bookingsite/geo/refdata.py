"""The communes and regions shipped with the package, loaded once per process and queried in memory."""
from __future__ import annotations

import csv
import gzip
import re
from bisect import bisect_left
from functools import cache, cached_property
from importlib import resources
from typing import NamedTuple

from bookingsite.folding import fold

ARTICLES = ("l ", "le ", "la ", "les ")
_SAINT = re.compile(r"\b(saint|sainte)\b")


class Region(NamedTuple):
    code: str
    name: str
    timezone: str
    lat: float
    lon: float


class Commune(NamedTuple):
    """A commune (or a Paris/Lyon/Marseille arrondissement); a named tuple, as 35,000 are built at start-up."""

    insee: str
    name: str
    name_article: str
    department: str
    region: str
    lat: float
    lon: float
    active_population: int
    postcodes: tuple[str, ...]

    @property
    def postcode(self) -> str:
        """The main postal code (the first, numerically)."""
        return self.postcodes[0] if self.postcodes else ""


def normalize(text: str) -> str:
    """Fold case, accents, hyphens and apostrophes, and "saint(e)" to "st(e)", for prefix search."""
    return _SAINT.sub(lambda m: "st" if m.group(1) == "saint" else "ste", fold(text))


def name_keys(name: str, name_article: str) -> set[str]:
    """The search keys of a commune: its name with and without article, folded."""
    key = normalize(name_article)
    keys = {key, normalize(name)}
    for article in ARTICLES:
        if key.startswith(article):
            keys.add(key[len(article):])
    return keys


class Reference:
    """Indexes over the communes: by INSEE code, by postal code, and a sorted list for prefix search."""

    def __init__(self, communes: list[tuple[Commune, list[str]]], regions: list[Region],
                 departments: dict[str, str]):
        self.regions = {r.code: r for r in regions}
        self.departments = departments
        self._search_keys = communes
        self.communes = {c.insee: c for c, _ in communes}
        self.by_postcode: dict[str, tuple[Commune, ...]] = {}
        for commune, _keys in communes:
            for code in commune.postcodes:
                self.by_postcode[code] = self.by_postcode.get(code, ()) + (commune,)

    @cached_property
    def _name_index(self) -> tuple[list[str], list[str]]:
        """Sorted search keys and their INSEE codes, built on the first name search only."""
        keys = sorted((key, -c.active_population, c.insee) for c, search_keys in self._search_keys for key in search_keys)
        return [k for k, _, _ in keys], [insee for _, _, insee in keys]

    @cached_property
    def _postcodes(self) -> list[str]:
        return sorted(self.by_postcode)

    def commune(self, insee: str) -> Commune | None:
        """The commune with this INSEE code, if any."""
        return self.communes.get(insee.upper())

    def communes_for_postcode(self, postcode: str) -> tuple[Commune, ...]:
        """Every commune served by this postal code (several for some codes), largest first."""
        found = self.by_postcode.get(postcode, ())
        return tuple(sorted(found, key=lambda c: -c.active_population))

    def search(self, text: str, limit: int = 10) -> list[Commune]:
        """Prefix search on name or postal code: accent-, case- and article-insensitive, 'st' = 'saint'."""
        query = normalize(text)
        if not query or limit <= 0:
            return []
        if query.replace(" ", "").isdigit():
            return self._search_postcode(query.replace(" ", ""), limit)
        exact: dict[str, bool] = {}
        keys, key_insee = self._name_index
        for i in range(bisect_left(keys, query), len(keys)):
            if not keys[i].startswith(query):
                break
            exact[key_insee[i]] = exact.get(key_insee[i], False) or keys[i] == query
        # Exact names first, then the most populous: "paris" before "parisot".
        ranked = sorted(exact, key=lambda insee: (not exact[insee], -self.communes[insee].active_population))
        return [self.communes[insee] for insee in ranked[:limit]]

    def _search_postcode(self, prefix: str, limit: int) -> list[Commune]:
        found: dict[str, Commune] = {}
        for i in range(bisect_left(self._postcodes, prefix), len(self._postcodes)):
            code = self._postcodes[i]
            if not code.startswith(prefix) or len(found) >= limit:
                break
            for commune in self.communes_for_postcode(code):
                found.setdefault(commune.insee, commune)
        return list(found.values())[:limit]

    def region_of(self, commune: Commune) -> Region:
        """The region a commune belongs to."""
        return self.regions[commune.region]


def _rows(name: str):
    path = resources.files("bookingsite.geo") / "data" / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t")
        next(rows)  # header
        yield from rows


@cache
def reference() -> Reference:
    """The shared reference data, parsed on first use and kept for the life of the process."""
    communes = [
        (Commune(insee, name, article, dep, reg, float(lat), float(lon), int(active), tuple(codes.split())),
         keys.split("|"))
        for insee, name, article, dep, reg, lat, lon, active, _kind, codes, keys in _rows("communes.tsv.gz")
    ]
    regions = [Region(code, name, tz, float(lat), float(lon)) for code, name, tz, lat, lon in _rows("regions.tsv")]
    departments = {code: name for code, name, _region in _rows("departments.tsv")}
    return Reference(communes, regions, departments)
