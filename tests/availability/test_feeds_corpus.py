"""Every file of the corpus (259 real-world and broken .ics) either loads or raises FeedError with a reason."""
from __future__ import annotations

import signal
import warnings
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bookingsite.availability.feeds import FeedError, parse_feed

CORPUS = Path(__file__).resolve().parent / "corpus"  # origins and licences in corpus/SOURCES.md
FILES = sorted(CORPUS.glob("*/*.ics"))
PER_FILE_SECONDS = 60  # catches hangs, not slowness: the largest file (1.6 MB, 4,778 events) takes ~3 s idle, 30 s on a machine loaded 8x
# Most corpus events are in 2019-2020; a 60-day window there exercises the expansion, one in 2026 the far future.
WINDOWS = [(datetime(2019, 3, 1, tzinfo=UTC), datetime(2019, 4, 30, tzinfo=UTC)),
           (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 30, tzinfo=UTC))]


class Hung(Exception):
    """The parse went past its time budget."""


@contextmanager
def time_limit(seconds: int):
    """Fail instead of hanging (SIGALRM: the test runs in the main thread)."""
    def expire(_signum, _frame):
        raise Hung(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_corpus_file_loads_or_says_why(path):
    data = path.read_bytes()
    for start, end in WINDOWS:
        with time_limit(PER_FILE_SECONDS), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the libraries warn about guessed zones; not our concern here
            try:
                intervals = parse_feed(data, "Europe/Paris", start, end, "busy")
            except FeedError as error:
                assert error.reason.strip(), "a FeedError must say why in plain words"
                assert error.code
                return
        assert all(start <= i.end and i.start <= end and i.start < i.end for i in intervals)


def test_corpus_is_complete():
    assert len(FILES) == 259
