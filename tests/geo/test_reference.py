"""The reference data shipped with the package: postal codes, INSEE codes, regions, zones, holidays."""
from datetime import date

import pytest

from bookingsite.geo import holiday_subdivision, normalize, public_holidays, reference


@pytest.mark.parametrize("postcode, name, region, zone", [
    ("75011", "Paris 11e Arrondissement", "11", "Europe/Paris"),  # Paris arrondissement (INSEE 75111)
    ("20000", "Ajaccio", "94", "Europe/Paris"),  # Corsica: postal 20xxx, INSEE 2A004
    ("97410", "Saint-Pierre", "04", "Indian/Reunion"),  # La Réunion
    ("67000", "Strasbourg", "44", "Europe/Paris"),  # Alsace
    ("97300", "Cayenne", "03", "America/Cayenne"),  # Guyane
    ("69001", "Lyon 1er Arrondissement", "84", "Europe/Paris"),  # Lyon arrondissement
])
def test_postcode_lookup(postcode, name, region, zone):
    commune = reference().communes_for_postcode(postcode)[0]
    assert (commune.name, commune.region) == (name, region)
    assert reference().regions[commune.region].timezone == zone


def test_corsica_insee_codes_are_not_postal_codes():
    assert reference().commune("2A004").name == "Ajaccio"
    assert reference().commune("2a004").postcodes == ("20000", "20090", "20167")


def test_postcode_shared_by_several_communes_gives_all():
    names = {c.name for c in reference().communes_for_postcode("01400")}
    assert len(names) >= 8 and "Châtillon-sur-Chalaronne" in names


def test_eighteen_regions_with_their_zones():
    regions = reference().regions
    assert len(regions) == 18
    assert {r.timezone for r in regions.values()} == {
        "Europe/Paris", "America/Guadeloupe", "America/Martinique", "America/Cayenne", "Indian/Reunion",
        "Indian/Mayotte"}


@pytest.mark.parametrize("query, expected", [
    ("le havre", "Havre"),  # with its article
    ("havre", "Havre"),  # without
    ("st etienne", "Saint-Étienne"),  # "st" = "saint"
    ("SAINT-ÉTIENNE", "Saint-Étienne"),  # case and accents
    ("paris 11", "Paris 11e Arrondissement"),  # arrondissement
    ("6700", "Strasbourg"),  # postal code prefix
])
def test_prefix_search(query, expected):
    assert expected in [c.name for c in reference().search(query, 10)]


@pytest.mark.parametrize("text", ["", "   ", "%%%", "'; DROP TABLE site; --"])
def test_search_of_nothing_useful_is_empty(text):
    assert reference().search(text) == []


def test_normalize_folds_everything():
    assert normalize("  L'Haÿ-les-Roses ") == "l hay les roses"
    assert normalize("Sainte-Œuvre") == "ste oeuvre"


@pytest.mark.parametrize("department, day, name", [
    ("67", date(2026, 4, 3), "Vendredi saint"),  # Alsace: Good Friday
    ("57", date(2026, 12, 26), "Saint-Étienne"),  # Moselle: 26 December
    ("974", date(2026, 12, 20), "Abolition de l'esclavage"),  # La Réunion
    ("972", date(2026, 5, 22), "Abolition de l'esclavage"),  # Martinique
    ("971", date(2026, 5, 27), "Abolition de l'esclavage"),  # Guadeloupe
])
def test_regional_holidays(department, day, name):
    assert public_holidays(department, day, day).get(day) == name


def test_national_calendar_has_no_regional_days():
    assert holiday_subdivision("69") is None
    assert date(2026, 4, 3) not in public_holidays("69", date(2026, 4, 1), date(2026, 4, 30))
