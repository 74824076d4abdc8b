"""The slot picker macro: days of start times in one radio group, the site's local times, the choice kept."""
from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

from flask import render_template_string

from bookingsite.availability.slots import free_slots
from bookingsite.booking.pages import choices
from bookingsite.booking.picker import shape_picker
from bookingsite.geo.hours import open_intervals

MACROS = '{% from "booking/_slots.html" import slot_picker, modality_choice %}'


def some_slots(zone="Europe/Paris", department="75", hours="Mo-Fr 09:00-12:00"):
    """Two days of 30-minute slots on a half-hour grid (09:00 … 11:30), on site and by phone."""
    opening = open_intervals(hours, zone, department, [], date(2026, 3, 24), 2)
    kind = SimpleNamespace(duration_min=30, buffer_min=0, min_notice_min=0, modalities=["site", "phone"])
    now = opening[0][0] - timedelta(days=1)
    found = free_slots(opening, [SimpleNamespace(id="a", capacity=1, mode="busy")], {}, {}, kind, now,
                       timedelta(days=5), grid_min=30)
    return choices(found, zone)


def render(source: str, lang: str = "fr", **context) -> str:
    from flask import current_app

    with current_app.test_request_context(f"/?lang={lang}"):
        return render_template_string(MACROS + source, **context)


def test_days_of_start_times_in_one_radio_group(app):
    slots = some_slots()
    picker = shape_picker(slots, ["site", "phone"], "site", selected=slots[2].key)
    html = render("{{ slot_picker(picker, more) }}", picker=picker, more=lambda day: f"/more?day={day}")
    assert html.count("<fieldset") == 2 and html.count('type="radio"') == 12  # 2 days × the first 6 times, on site
    assert set(re.findall(r'name="(\w+)" value=', html)) == {"slot"}  # one group: one tab stop
    assert "<legend>mardi 24 mars</legend>" in html and "<legend>mercredi 25 mars</legend>" in html
    assert ">9 h</label>" in html and ">9 h 30</label>" in html and "–" not in html  # start times only
    assert "sur place" not in html.lower().split("</p>", 1)[1]  # the way of meeting is said once, not per time
    assert html.count(" checked") == 1 and f'value="{slots[2].key}" checked' in html
    assert 'value="2026-03-24T09:00:00+01:00_site"' in html and "_phone" not in html
    assert 'id="slot"' in html  # the first time: what an error summary links to


def test_english_times_are_british(app):
    picker = shape_picker(some_slots(), ["site", "phone"], "phone")
    html = render("{{ slot_picker(picker) }}", lang="en", picker=picker)
    assert ">09:00</label>" in html and ">09:30</label>" in html and "AM" not in html
    assert "<legend>Tuesday 24 March</legend>" in html


def test_more_times_is_a_link_on_pages_and_a_button_in_the_widget(app):
    slots = some_slots(hours="Mo-Fr 09:00-17:00")  # 16 times a day: 6 shown, 10 more
    picker = shape_picker(slots, ["site", "phone"], "site")
    linked = render("{{ slot_picker(picker, more) }}", lang="en", picker=picker, more=lambda day: f"/m?d={day}")
    assert '<a class="more-times" href="/m?d=2026-03-24">10 more times<span class="visually-hidden"> on ' \
           'Tuesday 24 March</span></a>' in linked
    posted = render("{{ slot_picker(picker) }}", lang="en", picker=picker)
    assert '<button type="submit" name="more" value="2026-03-24"' in posted
    whole = render("{{ slot_picker(picker) }}", picker=shape_picker(slots, ["site"], "site", more=date(2026, 3, 24)))
    assert whole.count('type="radio"') == 16 + 6 and whole.count("more-times") == 1  # only the other day folds


def test_times_stay_the_site_local_times_overseas(app):
    picker = shape_picker(some_slots("Indian/Reunion", "974"), ["site"], "site")
    html = render("{{ slot_picker(picker) }}", picker=picker)
    assert ">9 h</label>" in html  # not rebased to Paris


def test_the_way_of_meeting_comes_first_and_the_one_shown_is_marked(app):
    picker = shape_picker(some_slots(), ["site", "phone"], "phone")
    linked = render("{{ modality_choice(picker, href) }}", picker=picker, href=lambda m: f"/p?modality={m}")
    assert linked.count("<a ") == 2 and '<a href="/p?modality=phone" aria-current="true">' in linked
    posted = render("{{ modality_choice(picker) }}", picker=picker)
    assert 'name="modality" value="phone" class="secondary"\n                aria-pressed="true"' in posted
    single = shape_picker(some_slots(), ["site"], "site")
    assert "<nav" not in render("{{ modality_choice(picker, href) }}", picker=single, href=str)


def test_no_slots_says_so(app):
    html = render("{{ slot_picker(picker) }}", lang="en", picker=shape_picker([], ["site"]))
    assert "slot-none" in html
