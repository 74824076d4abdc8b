"""The one place resolver: department and time zone with the region, and a commune picked among candidates."""
from __future__ import annotations

import pytest

from bookingsite.prequal.place import PlaceError, resolve_place


@pytest.mark.parametrize("text, department, timezone", [
    ("67000", "67", "Europe/Paris"),  # Strasbourg, mainland
    ("97200", "972", "America/Martinique"),  # overseas: Fort-de-France keeps its own time zone
    ("97400", "974", "Indian/Reunion"),  # La Réunion
    ("2A004", "2A", "Europe/Paris"),  # Corsica, by its INSEE code
])
def test_a_place_carries_its_department_and_time_zone(text, department, timezone):
    place = resolve_place(text)
    assert (place.department, place.timezone) == (department, timezone)


def test_the_commune_picked_among_candidates_wins():
    with pytest.raises(PlaceError) as info:
        resolve_place("Saint-Denis")
    reunion = next(c for c in info.value.candidates if c.region == "04")
    assert resolve_place("Saint-Denis", reunion.insee) == reunion


@pytest.mark.parametrize("text, picked", [
    ("Saint-Denis", "67482"),  # a pick that is not one of the candidates (Strasbourg) is no answer
    ("zzzz", "67482"),  # nor does a pick rescue a place that matches nothing
])
def test_a_pick_outside_the_candidates_is_refused(text, picked):
    with pytest.raises(PlaceError):
        resolve_place(text, picked)


def test_a_pick_never_overrides_a_place_that_resolves():
    assert resolve_place("67000", "97411").insee == "67482"
