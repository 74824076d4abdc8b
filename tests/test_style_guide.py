"""The French catalogues keep docs/style-guide.md's voice: the forms it forbids fail here."""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(ROOT.glob("translations/*/fr/LC_MESSAGES/messages.po"))

FORBIDDEN = [
    # the point médian (« conseiller·ère »): screen readers spell it out
    (re.compile(r"\w·\w"), "a point médian: write « conseiller ou conseillère » or an epicene word"),
    # « courriel », « mél »: the site says « adresse e-mail » and « e-mail »
    (re.compile(r"\b(courriel|mél)\b", re.IGNORECASE), "« courriel »/« mél »: write « adresse e-mail » or « e-mail »"),
    # a time written 18:00 or 18h00: French writes 18 h, 9 h 30
    (re.compile(r"\b\d{1,2}(:\d\d|h\d\d|h)\b"), "a time not written « 18 h » / « 9 h 30 »"),
    # a decimal point before a unit (4.9 km)
    (re.compile(r"\d\.\d+\s*km\b"), "a decimal point: write « 4,9 km »"),
    # « site CEP », « Espace CEP »: a place is a « lieu d'accueil »
    (re.compile(r"\b(sites? CEP|Espaces? CEP)\b"), "« site CEP »: write « lieu d'accueil »"),
    # « visioconférence », « présentiel »: the modalities are « en visio », « sur place »
    (re.compile(r"\b(visioconférence|présentiel)\b", re.IGNORECASE), "a modality's other name: « en visio », « sur place »"),
    # « de Le Havre », « à Les Abymes »: French contracts the article
    (re.compile(r"\b(de|à) (Le|Les) [A-Z]"), "an uncontracted article: « du Havre », « aux Abymes »"),
]
# « (e) » only in a short label (a choice of the questionnaire), never in a sentence.
SENTENCE_WITH_E = re.compile(r"\w\(e\).*[.:!?]\s*$|[.:!?] .*\w\(e\)")


def _french_strings():
    for po in CATALOGUES:
        with po.open("rb") as fh:
            for message in read_po(fh):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                for text in strings:
                    if message.id and text:
                        yield f"{po.parts[-4]}: {message.id!r}", text


@pytest.mark.parametrize("pattern, why", FORBIDDEN, ids=[why.split(":")[0] for _, why in FORBIDDEN])
def test_no_catalogue_uses_a_forbidden_form(pattern, why):
    found = [f"{where} → {text!r}" for where, text in _french_strings() if pattern.search(text)]
    assert not found, f"{why}:\n" + "\n".join(found)


def test_the_parenthesised_feminine_stays_in_short_labels():
    found = [f"{where} → {text!r}" for where, text in _french_strings() if SENTENCE_WITH_E.search(text)]
    assert not found, "« (e) » in a sentence: write a doublet or an epicene phrase:\n" + "\n".join(found)


@pytest.mark.parametrize("text", [
    "Rendez-vous avec votre conseiller·ère CEP",  # point médian
    "Courriel :",  # courriel
    "Soirs après 18:00",  # time with a colon
    "À 4.9 km",  # decimal point
    "Trouvez un site CEP",  # site CEP
    "Près de Le Havre",  # uncontracted article
])
def test_each_rule_catches_what_it_forbids(text):
    assert any(pattern.search(text) for pattern, _ in FORBIDDEN)
