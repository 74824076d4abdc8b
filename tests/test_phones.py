"""French phone numbers, overseas included: one normalisation for storing, every stored form for searching."""
from __future__ import annotations

import pytest

from bookingsite.phones import InvalidPhone, is_mobile, normalize_phone, phone_candidates, territory_of


@pytest.mark.parametrize("text, region, department, expected", [
    ("06 12 34 56 78", None, None, "+33612345678"),  # a metropolitan mobile, region unknown
    ("01 43 12 34 56", "11", None, "+33143123456"),  # a Paris landline at an Île-de-France site
    ("+33 6 12 34 56 78", None, None, "+33612345678"),  # already international
    ("0033612345678", None, None, "+33612345678"),  # the international prefix typed as 00
    ("0690 12 34 56", "01", None, "+590690123456"),  # a Guadeloupe mobile at a Guadeloupe site
    ("0690 12 34 56", None, None, "+590690123456"),  # ... and wherever it is typed: the digits say Guadeloupe
    ("0690-12-34-56", "11", None, "+590690123456"),  # ... even at a Paris site, with dashes
    ("0590 12 34 56", "01", None, "+590590123456"),  # a Guadeloupe landline
    ("0696 12 34 56", "02", None, "+596696123456"),  # a Martinique mobile
    ("0694 12 34 56", "03", None, "+594694123456"),  # a Guyane mobile
    ("0692 12 34 56", "04", None, "+262692123456"),  # a La Réunion mobile
    ("0262 12 34 56", None, "974", "+262262123456"),  # a La Réunion landline, by department
    ("0639 01 23 45", "06", None, "+262639012345"),  # a Mayotte mobile (La Réunion's country code)
    ("0269 60 12 34", "06", None, "+262269601234"),  # valid in Mayotte and in metropolitan France: the region wins
    ("0269 60 12 34", None, None, "+33269601234"),  # ... and metropolitan France when the region is not known
    ("06 12 34 56 78", "01", None, "+33612345678"),  # a metropolitan mobile typed at a Guadeloupe site
    ("+508 41 12 34", None, None, "+508411234"),  # Saint-Pierre-et-Miquelon, typed with its country code
    ("", "01", None, None),  # nothing typed: no number
    ("   ", None, None, None),  # blanks only: no number either
])
def test_normalize_phone(text, region, department, expected):
    assert normalize_phone(text, region, department) == expected


@pytest.mark.parametrize("text", [
    "06 12",  # too short
    "+33 690 12 34 56",  # a Guadeloupe mobile under the metropolitan code: no such number
    "call me",  # not digits
    "12" * 30,  # far too long
])
def test_invalid_numbers_are_refused(text):
    with pytest.raises(InvalidPhone):
        normalize_phone(text)


@pytest.mark.parametrize("text, prefer, expected", [
    ("0690 12 34 56", "FR", ("+590690123456",)),  # typed nationally: only Guadeloupe has it
    ("0692 12 34 56", "FR", ("+262692123456",)),  # La Réunion
    ("0269 60 12 34", "FR", ("+33269601234", "+262269601234")),  # ambiguous: both stored forms, preferred first
    ("0269 60 12 34", "YT", ("+262269601234", "+33269601234")),  # ... Mayotte first when preferred
    ("+590 690 12 34 56", "FR", ("+590690123456",)),  # typed with its country code: one form
    ("06 12 34 56 78", "RE", ("+33612345678",)),  # a metropolitan mobile, whatever the preference
    ("not a number", "FR", ()),  # nothing to search for
])
def test_phone_candidates(text, prefer, expected):
    assert phone_candidates(text, prefer) == expected


@pytest.mark.parametrize("region, department, territory", [
    ("01", None, "GP"),  # Guadeloupe
    ("04", None, "RE"),  # La Réunion
    ("06", None, "YT"),  # Mayotte
    (None, "972", "MQ"),  # Martinique, by department
    ("84", None, "FR"),  # Auvergne-Rhône-Alpes: metropolitan
    (None, None, "FR"),  # unknown: metropolitan
])
def test_territory_of(region, department, territory):
    assert territory_of(region, department) == territory


@pytest.mark.parametrize("e164, mobile", [
    ("+33612345678", True),  # metropolitan mobile
    ("+590690123456", True),  # Guadeloupe mobile
    ("+262639012345", True),  # Mayotte mobile
    ("+33143123456", False),  # Paris landline: no text messages
    ("+590590123456", False),  # Guadeloupe landline
])
def test_is_mobile(e164, mobile):
    assert is_mobile(e164) is mobile
