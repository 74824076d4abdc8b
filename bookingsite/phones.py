"""French phone numbers, overseas included, in E.164 as bookings store them (pure).

The French numbering plan spans several country codes: a national 0690 12 34 56 is a Guadeloupe mobile
(+590 690…), 0696… Martinique (+596), 0694… Guyane (+594), 0692…/0693… La Réunion (+262), 0639… Mayotte (+262).
The digits typed, not the site's region, say which territory a number belongs to; the region only breaks a tie
(0269…, valid both in metropolitan France and in Mayotte). Saint-Pierre-et-Miquelon (+508) has no site in the
reference data, so it is not guessed: a typed +508… number is still accepted as written.
"""
from __future__ import annotations

import phonenumbers

# INSEE region and department codes -> the territory whose country code their numbers dial.
TERRITORY_BY_REGION = {"01": "GP", "02": "MQ", "03": "GF", "04": "RE", "06": "YT"}
TERRITORY_BY_DEPARTMENT = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "976": "YT"}
METROPOLITAN = "FR"
# Every territory a nationally typed French number may belong to, metropolitan France first.
FRENCH_TERRITORIES = (METROPOLITAN, "GP", "MQ", "GF", "RE", "YT")
MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


class InvalidPhone(ValueError):
    """The text is no valid phone number in any French territory (nor a valid international number)."""


def territory_of(region_code: str | None = None, department: str | None = None) -> str:
    """The territory (ISO 3166 code) of an INSEE region or department; metropolitan France otherwise."""
    return (TERRITORY_BY_DEPARTMENT.get(department or "")
            or TERRITORY_BY_REGION.get(region_code or "") or METROPOLITAN)


def phone_candidates(text: str | None, prefer: str = METROPOLITAN) -> tuple[str, ...]:
    """Every E.164 form the typed number may be stored as, the ``prefer`` territory's first; () when none is valid.

    A number typed with its country code (``+590 690…``, ``00 590…``) has exactly one form.
    """
    text = (text or "").strip()
    found: list[str] = []
    for territory in (prefer, *FRENCH_TERRITORIES):
        try:
            number = phonenumbers.parse(text, territory)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if e164 not in found:
                found.append(e164)
    return tuple(found)


def normalize_phone(text: str | None, region_code: str | None = None, department: str | None = None) -> str | None:
    """The number in E.164 for a person of this region or department; None when empty; ``InvalidPhone`` if invalid."""
    if not (text or "").strip():
        return None
    candidates = phone_candidates(text, territory_of(region_code, department))
    if not candidates:
        raise InvalidPhone(text)
    return candidates[0]


def is_mobile(e164: str) -> bool:
    """Whether text messages can reach this number (stored in E.164)."""
    return phonenumbers.number_type(phonenumbers.parse(e164)) in MOBILE_TYPES


def display_phone(e164: str) -> str:
    """A stored number as people read it: « 06 12 34 56 78 » at home, the international form elsewhere."""
    parsed = phonenumbers.parse(e164)
    if phonenumbers.region_code_for_number(parsed) in FRENCH_TERRITORIES:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
