"""The widget's place step offers a person at a border the sites of the region next door, as a labelled choice."""
from __future__ import annotations

import re

from markupsafe import escape

from bookingsite.directory.demo import DEMO_WIDGET_ID
from bookingsite.extensions import db
from bookingsite.models import Operator, Site

HIDDEN = re.compile(r'<input type="hidden" name="(state|csrf)" value="([^"]*)"')
SITE = re.compile(r'name="site" value="([^"]+)"')


def _start(app, place: str, lang: str = "en"):
    client = app.test_client()
    response = client.get(f"/embed/?partner={DEMO_WIDGET_ID}&lang={lang}&postcode={place}")
    assert response.status_code == 200
    return client, response.get_data(as_text=True)


def test_a_border_place_may_choose_the_region_next_door(demo_app):
    client, page = _start(demo_app, "30400")
    provence = db.session.scalar(db.select(Operator).where(Operator.region_code == "93"))
    assert "Sites of another region nearby" in page and f"run by {escape(provence.name)}" in page
    assert 'name="region" value="93"' in page
    chosen = client.post("/embed/region?lang=en", data={**dict(HIDDEN.findall(page)), "region": "93"})
    assert chosen.status_code == 200
    chosen = chosen.get_data(as_text=True)
    regions = [db.session.get(Site, s).operator.region_code for s in SITE.findall(chosen)]
    assert "93" in regions and regions == sorted(regions, key=lambda r: r != "76")  # the home operator first
    assert f"— {escape(provence.name)}</span>" in chosen  # its sites name their operator
    assert "Sites of another region nearby" not in chosen


def test_the_choice_is_in_french(demo_app):
    _, page = _start(demo_app, "30400", "fr")
    assert "une autre région à proximité" in page and "Voir les lieux de Provence" in page


def test_a_central_place_has_no_other_region(demo_app):
    _, page = _start(demo_app, "75011")
    assert "Sites of another region nearby" not in page and 'name="region"' not in page


def test_a_forged_region_post_is_refused(demo_app):
    client, _ = _start(demo_app, "30400")
    response = client.post("/embed/region?lang=en", data={"state": "forged", "csrf": "x", "region": "93"})
    assert 400 <= response.status_code < 500
