"""The slot list macros: grouped by day, each slot's accessible name has its full date, local times kept."""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from flask import render_template_string

from bookingsite.availability.slots import free_slots
from bookingsite.geo.hours import open_intervals

MACROS = '{% from "booking/_slots.html" import slot_radios, slot_links %}'


def some_slots(zone="Europe/Paris", department="75"):
    """Two days of 60-minute slots on an hourly grid: 09:00, 10:00, 11:00."""
    opening = open_intervals("Mo-Fr 09:00-12:00", zone, department, [], date(2026, 3, 24), 2)
    kind = SimpleNamespace(duration_min=60, buffer_min=0, min_notice_min=0, modalities=["site", "phone"])
    now = opening[0][0] - timedelta(days=1)
    return free_slots(opening, [SimpleNamespace(id="a", capacity=1, mode="busy")], {}, {}, kind, now,
                      timedelta(days=5), grid_min=60)


def test_radios_grouped_by_day_with_full_labels(app):
    with app.test_request_context("/?lang=fr"):
        html = render_template_string(MACROS + "{{ slot_radios(slots, selected=slots[1].key) }}", slots=some_slots())
    assert html.count("<fieldset") == 2 and html.count('type="radio"') == 12  # 2 days × 3 times × 2 modalities
    assert "mardi 24 mars 2026" in html and "mercredi 25 mars 2026" in html
    assert "09:00–10:00" in html and "11:00–12:00" in html
    assert html.count(" checked") == 1
    assert 'name="slot"' in html and 'value="2026-03-24T09:00:00+01:00|site"' in html


def test_links_keep_the_site_local_time_overseas(app):
    slots = some_slots("Indian/Reunion", "974")
    with app.test_request_context("/?lang=fr"):
        html = render_template_string(MACROS + "{{ slot_links(slots, href) }}", slots=slots,
                                      href=lambda s: f"/book?slot={s.start.isoformat()}")
    assert "09:00–10:00" in html  # not rebased to Paris
    assert html.count("<h3") == 2 and html.count("<a href=") == 12


def test_no_slots_says_so(app):
    with app.test_request_context("/?lang=en"):
        html = render_template_string(MACROS + "{{ slot_radios([]) }}")
    assert "slot-none" in html
