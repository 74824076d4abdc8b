"""The vocabulary's words in the current language (``bookingsite.vocabulary`` keeps them as msgids)."""
from __future__ import annotations

import re
from datetime import datetime

from flask_babel import get_locale, gettext

from bookingsite import formats
from bookingsite.vocabulary import CHANNEL_LABELS, MODALITY_LABELS


def modality_label(modality: str) -> str:
    """A modality in words, in the current language ("On site", "By phone", "By video"); unknown ones as given."""
    return gettext(MODALITY_LABELS[modality]) if modality in MODALITY_LABELS else modality


def channel_label(channel: str) -> str:
    """A channel in words, in the current language; unknown ones as given."""
    return gettext(CHANNEL_LABELS[channel]) if channel in CHANNEL_LABELS else channel


# French contracts "de" and "à" with the article of a place's name and elides "de" before a vowel: "près du Havre",
# "aux Abymes", "près d'Amiens"; "de La Rochelle" stays. (Before an h, elision depends on the word: left as is.)
FRENCH_CONTRACTIONS = (
    (re.compile(r"\bde Les "), "des "),
    (re.compile(r"\bde Le "), "du "),
    (re.compile(r"\bà Les "), "aux "),
    (re.compile(r"\bà Le "), "au "),
    (re.compile(r"\bde (?=[AEIOUYÂÉÈÊÎÔŒ])"), "d'"),
)


def contract_french(text: str) -> str:
    """French text with "de"/"à" contracted before a place's article ("près de Le Havre" → "près du Havre")."""
    for pattern, replacement in FRENCH_CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def near_place(place: str) -> str:
    """"Near PLACE" in the current language ("Près du Havre (76600)" in French)."""
    text = gettext("Near %(place)s", place=place)
    return contract_french(text) if str(get_locale()) == "fr" else text


def clock_time(moment: datetime) -> str:
    """A local time of day in the current language ("9 h 30", "09:30"), in its own zone (never rebased)."""
    return formats.clock_time(moment, str(get_locale()))
