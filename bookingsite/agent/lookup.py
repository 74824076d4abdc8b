"""What an agent typed in the search box: a booking reference, an e-mail, a phone number or a name (pure)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bookingsite.booking.contact import normalize_email, phone_forms
from bookingsite.booking.errors import InvalidContact
from bookingsite.booking.reference import normalize_reference
from bookingsite.folding import fold

MIN_NAME = 2
_DIGITS = re.compile(r"^[\d\s.+()-]{6,}$")


@dataclass(frozen=True)
class Query:
    """One way to look bookings up: ``kind`` is reference, email, phone or name; ``value`` as stored."""

    kind: str
    value: str
    also_reference: str | None = None  # a name-like text that could also be a reference
    # A phone typed nationally may be stored under several country codes (0269… in Mayotte or metropolitan France).
    phones: tuple[str, ...] = ()


def parse_query(text: str | None) -> Query | None:
    """Classify the text; None when it is too short to search for anything."""
    text = " ".join((text or "").split())[:200]
    if not text:
        return None
    if "@" in text:
        try:
            return Query("email", normalize_email(text) or text)
        except InvalidContact:
            return Query("email", text.lower())
    if _DIGITS.match(text):
        try:
            forms = phone_forms(text)
            return Query("phone", forms[0], phones=forms)
        except InvalidContact:
            pass  # digits that are no phone number may still be a reference
    reference = normalize_reference(text)
    if reference and any(c.isdigit() for c in reference):
        return Query("reference", reference)
    folded = fold(text)  # names are compared folded: "gael" finds Gaël, "LEFEVRE" Lefèvre
    if len(folded) < MIN_NAME:
        return None
    return Query("name", folded, also_reference=reference)
