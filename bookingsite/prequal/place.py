"""The one place resolver: a postal code, an INSEE code or a commune name to a place (commune, region, department,
time zone), or the communes to choose from. Every channel and the booking pages call it (pure: reference data only).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bookingsite.geo import Commune, normalize, reference
from bookingsite.messages import N_
from bookingsite.prequal.engine import FieldError

PLACE = "place"
_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
CANDIDATES = 8  # communes offered when a name or code spans several regions


@dataclass(frozen=True)
class Place:
    """Where the person lives or works, as far as the appointment needs: commune, region, department, time zone.

    Department and time zone default to empty: places kept in older sessions and widget states had neither.
    """

    insee: str
    region: str
    label: str  # "Strasbourg (67000)"
    department: str = ""
    timezone: str = ""


class PlaceError(LookupError):
    """The place cannot be resolved to one region; ``candidates`` lists communes to choose from."""

    def __init__(self, error: FieldError, candidates: tuple[Place, ...] = ()):
        super().__init__(error.message)
        self.error = error
        self.candidates = candidates


def place_of(commune: Commune) -> Place:
    """The place of a commune of the reference data."""
    region = reference().regions.get(commune.region)
    return Place(commune.insee, commune.region, f"{commune.name} ({commune.postcode})", commune.department,
                 region.timezone if region else "")


def _one_region(communes: list[Commune]) -> Place:
    """The most populous commune when they all share a region; otherwise ask the person to choose one."""
    largest: dict[str, Commune] = {}
    for commune in sorted(communes, key=lambda c: -c.active_population):
        largest.setdefault(commune.region, commune)
    if len(largest) == 1:
        return place_of(next(iter(largest.values())))
    # Only the region matters for routing: offer the largest match in each region.
    raise PlaceError(FieldError(PLACE, "ambiguous_place", N_("Several communes match: choose yours.")),
                     tuple(place_of(c) for c in list(largest.values())[:CANDIDATES]))


def _matching(query: str) -> list[Commune]:
    ref = reference()
    if _CODE.match(query):
        return list(ref.communes_for_postcode(query)) or [c for c in [ref.commune(query)] if c]
    if not query:
        return []
    found = ref.search(query, limit=20)
    key = normalize(query)
    exact = [c for c in found if key in (normalize(c.name), normalize(c.name_article))]
    # "Lyon" names only its arrondissements ("lyon 3e ..."), all in one region: the largest will do.
    words = [c for c in found if normalize(c.name).startswith(key + " ")]
    return exact or words or found


def resolve_place(text: str, picked: str | None = None) -> Place:
    """The place typed (postal code, INSEE code or commune name); when it spans several regions, the commune
    ``picked`` (its INSEE code) among the candidates offered, else ``PlaceError`` with those candidates."""
    communes = _matching((text or "").strip())
    if not communes:
        raise PlaceError(FieldError(PLACE, "unknown_place",
                                    N_("We could not find this postal code or commune. Check it, or try the other.")))
    try:
        return _one_region(communes)
    except PlaceError as exc:
        chosen = next((p for p in exc.candidates if picked and p.insee == picked), None)
        if chosen is None:
            raise
        return chosen
