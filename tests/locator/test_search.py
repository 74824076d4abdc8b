"""Origins from what people type: postal codes, commune names, positions, and everything else."""
import pytest

from bookingsite.geo import reference
from bookingsite.locator.search import (
    Choice,
    NotFound,
    Origin,
    locate,
    looks_like_address,
    parse_position,
    position_origin,
    resolve_insee,
    resolve_origin,
)


@pytest.mark.parametrize("query, region, label", [
    ("75011", "11", "Paris 11e Arrondissement (75011)"),  # a Paris arrondissement
    ("97410", "04", "Saint-Pierre (97410)"),  # La Réunion
    ("20000", "94", "Ajaccio (20000)"),  # Corsica: postal 20xxx, INSEE 2A004
    ("2A004", "94", "Ajaccio (20000)"),  # an INSEE code
    ("Le Havre", "28", "Le Havre (76600)"),  # the article is optional...
    ("havre", "28", "Le Havre (76600)"),  # ...both ways
    ("st etienne", "84", "Saint-Étienne (42000)"),  # st = saint, no accent
    ("SAINT-ÉTIENNE", "84", "Saint-Étienne (42000)"),  # case and hyphens
    ("01000 saint denis", "84", "Saint-Denis-lès-Bourg (01000)"),  # a name picks among a code's communes
    ("  67000  ", "44", "Strasbourg (67000)"),  # spaces around
])
def test_one_place(query, region, label):
    found = resolve_origin(query, reference())
    assert isinstance(found, Origin) and (found.region, found.label) == (region, label)


@pytest.mark.parametrize("query, names", [
    ("01000", {"Bourg-en-Bresse", "Saint-Denis-lès-Bourg"}),  # one postal code, two communes
    ("Saint-Denis", {"Saint-Denis"}),  # homonyms: Seine-Saint-Denis, La Réunion, …
])
def test_several_communes_ask_the_person_to_choose(query, names):
    found = resolve_origin(query, reference())
    assert isinstance(found, Choice) and len(found.communes) > 1
    assert names <= {c.name for c in found.communes}


@pytest.mark.parametrize("query, reason", [
    ("", "empty"),  # nothing typed
    ("   ", "empty"),  # only spaces
    (None, "empty"),  # no parameter at all
    ("99999", "unknown_postcode"),  # well-formed, no such code
    ("abc", "no_match"),  # no commune starts so
    ("x" * 2000, "too_long"),  # a 2,000-character query
    ("<script>alert(1)</script>", "no_match"),  # HTML is just text that matches nothing
    ("' OR 1=1; DROP TABLE site; --", "no_match"),  # so is SQL: nothing here reaches a database
])
def test_nothing_found_says_why(query, reason):
    found = resolve_origin(query, reference())
    assert isinstance(found, NotFound) and found.reason == reason


@pytest.mark.parametrize("lat, lon, region", [
    (48.86, 2.38, "11"),  # Paris
    (-21.1, 55.5, "04"),  # La Réunion
    (41.93, 8.74, "94"),  # Ajaccio
])
def test_position_takes_the_region_of_the_nearest_commune(lat, lon, region):
    found = position_origin(lat, lon, reference())
    assert isinstance(found, Origin) and found.region == region


@pytest.mark.parametrize("lat, lon", [
    (46.5, -5.0),  # Bay of Biscay, far at sea
    (42.0, 5.0),  # the Mediterranean between Marseille and Corsica
    (52.52, 13.40),  # Berlin
    (40.71, -74.0),  # New York
])
def test_position_outside_france_is_a_clear_not_found(lat, lon):
    assert position_origin(lat, lon, reference()) == NotFound("outside")


@pytest.mark.parametrize("lat, lon, expected", [
    ("48.8", "2.3", (48.8, 2.3)),  # plain decimals
    ("abc", "2", None),  # not a number
    ("91", "0", None),  # beyond the pole
    ("nan", "0", None),  # not finite
    ("", "", None),  # empty
])
def test_parse_position(lat, lon, expected):
    assert parse_position(lat, lon) == expected


def test_resolve_insee_refuses_unknown_codes():
    assert isinstance(resolve_insee("75111", reference()), Origin)
    assert resolve_insee("<b>", reference()).reason == "no_match"


def test_street_addresses_go_to_the_geocoder_first_and_fall_back_offline():
    calls = []

    def geocode(text):
        calls.append(text)
        return (48.8698, 2.3311, "12 Rue de la Paix 75002 Paris") if "paix" in text.lower() else None

    found = locate("12 rue de la Paix Paris", reference(), geocode)
    assert isinstance(found, Origin) and found.region == "11" and found.label.startswith("12 Rue de la Paix")
    assert isinstance(locate("12 rue inconnue 67000", reference(), geocode), Origin)  # offline: the postal code
    assert isinstance(locate("Lyon", reference(), geocode), Choice) and len(calls) == 2  # not an address
    assert not looks_like_address("75011") and looks_like_address("3 place Bellecour Lyon")
