"""Text as searches compare it: case, accents and punctuation folded."""
import pytest

from bookingsite.folding import fold


@pytest.mark.parametrize("text, folded", [
    ("Gaël", "gael"),                    # a diaeresis
    ("GAEL", "gael"),                    # capitals
    ("Lefèvre", "lefevre"),              # a grave accent
    ("LEFÈVRE", "lefevre"),              # an accented capital
    ("Étienne", "etienne"),              # an accented capital first
    ("François Œillet", "francois oeillet"),  # a cedilla and a ligature
    ("Lætitia", "laetitia"),             # the other ligature
    ("Jean-Pierre  d'Aubigné", "jean pierre d aubigne"),  # hyphen, apostrophe and spaces: one space
    ("Ｇａｅｌ", "gael"),                  # full-width letters (NFKD)
    ("Straße", "strasse"),               # the sharp s
    ("E\u0301tienne", "etienne"),        # an accent typed as a combining mark
    ("  ", ""),                          # blanks only
    ("", ""),                            # nothing
    (None, ""),                          # no name at all (an anonymised booking)
])
def test_fold(text, folded):
    assert fold(text) == folded
