"""The slot page stays compact on a busy site: at most 60 kB of HTML and 150 choices, whatever way of meeting."""
from __future__ import annotations

import re

import pytest

from tests.booking.booking_helpers import setup_site

MAX_BYTES = 60_000
MAX_CHOICES = 150
# A demo-like busy site: long opening hours six days a week, three ways of meeting, two advisors (never full).
LONG_HOURS = "Mo-Fr 08:30-19:00; Sa 09:00-12:30"


def _measure(client, path: str) -> tuple[int, int]:
    answer = client.get(path)
    assert answer.status_code == 200
    html = answer.get_data()
    return len(html), len(re.findall(rb'<input type="radio"[^>]*name="slot"', html))


@pytest.mark.parametrize("query", [
    "",  # any way of meeting: what the page shows first
    "?modality=",  # any way, asked for explicitly
    "?modality=site",  # one way
    "?modality=phone&lang=en",  # one way, English
])
def test_the_default_slot_page_is_small(app, client, query):
    place, _kind = setup_site(agendas=2, opening_hours=LONG_HOURS)
    size, choices = _measure(client, f"/booking/site/{place.id}{query}")
    print(f"slot page {query or '(default)'}: {size} bytes, {choices} choices")
    assert 0 < choices <= MAX_CHOICES
    assert size <= MAX_BYTES
