"""CSV cells a spreadsheet would run as formulas are written as text."""
import io

import pytest

from bookingsite.core.csv_cells import SafeWriter, neutralise


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")"),  # a formula
    ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"),  # a plus sign starts a formula too
    ("-2+3", "'-2+3"),  # so does a minus
    ("@SUM(A1)", "'@SUM(A1)"),  # and an at sign
    ("\t=1+1", "'\t=1+1"),  # a tab before the formula
    ("\r=1+1", "'\r=1+1"),  # a carriage return before it
    ("Mairie de Lyon", "Mairie de Lyon"),  # plain text is unchanged
    ("a=b", "a=b"),  # a sign inside the text is harmless
    (-3, -3),  # numbers stay numbers, negative ones too
    (2.5, 2.5),
    (None, None),
    ("", ""),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_the_writer_neutralises_every_cell():
    out = io.StringIO()
    SafeWriter(out, lineterminator="\n").writerow(["id", "=1+1", 4, -1])
    assert out.getvalue() == "id,'=1+1,4,-1\n"
