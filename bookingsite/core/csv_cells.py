"""CSV files for spreadsheets: a cell that a spreadsheet would run as a formula is written as text (pure).

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel and LibreOffice
(CSV injection: ``=HYPERLINK(…)`` in a site or partner name would run on the reader's machine); a leading ``'``
makes it text, which the spreadsheet shows without the quote. Numbers stay numbers. Hand-written because
defusedcsv, the library for this, leaves tab and carriage return alone.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as a spreadsheet should show it: text starting with a formula sign gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def quote_reversibly(value: str) -> str:
    """A cell of a file that is read back (the directory): formula-like text, or text already starting with a quote,
    gets one leading quote that ``unquote`` removes."""
    if value.startswith((*FORMULA_START, "'")):
        return "'" + value
    return value


def unquote(value: str) -> str:
    """The text ``quote_reversibly`` was given."""
    return value.removeprefix("'")


class SafeWriter:
    """``csv.writer`` whose every cell goes through ``neutralise``."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable) -> None:
        """Write one row, neutralised."""
        self._writer.writerow([neutralise(cell) for cell in row])
