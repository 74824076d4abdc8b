"""Text as searches compare it: case, accents and punctuation folded, the same on every database (pure).

"Gaël", "GAEL" and "gael" fold alike, as do "Lefèvre" and "LEFEVRE", "Jean-Pierre" and "jean pierre". Folding is
done in Python, never by the database: SQLite's ``lower()`` leaves non-ASCII letters alone and PostgreSQL's
depends on the collation and needs the ``unaccent`` extension for accents, so the two would disagree.
"""
from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Letters NFKD does not decompose into a base letter and a mark.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})


def fold(text: str | None) -> str:
    """Lower-case ASCII letters and digits, words separated by one space ("" for None)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", ascii_only).strip()
