"""The choice of another region's sites nearby: the offer's rule (pure) and the public booking start page."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from markupsafe import escape

from bookingsite.booking.offer import Candidate, Origin, nearby_other_regions
from bookingsite.extensions import db
from bookingsite.models import Operator, Site

AVIGNON = Origin("76", 43.96, 4.80)  # Villeneuve-lès-Avignon's centre, in Occitanie (76)
NAMES = {"76": "Occitanie", "93": "Provence-Alpes-Côte d'Azur", "84": "Auvergne-Rhône-Alpes"}
OTHER_REGION_LINK = re.compile(r'href="(/booking/start\?[^"]*region=93[^"]*)"')


def _candidate(site_id: str, lat: float, lon: float, region: str, operator: str = "", bookable: bool = True):
    site = SimpleNamespace(id=site_id, lat=lat, lon=lon)
    return Candidate(site, operator or f"op-{region}", operator or f"Operator {region}", region, bookable)


@pytest.mark.parametrize(("candidates", "origin", "expected"), [
    # Avignon's site (Provence) is 4 km away: Provence is offered, with its operator and distance.
    ([_candidate("avignon", 43.95, 4.81, "93")], AVIGNON, [("93", ("Operator 93",))]),
    # The person's own region is never "another region", however near.
    ([_candidate("nimes", 43.96, 4.79, "76")], AVIGNON, []),
    # A site without an agenda does not take bookings: nothing to choose.
    ([_candidate("avignon", 43.95, 4.81, "93", bookable=False)], AVIGNON, []),
    # Marseille is ~85 km away: beyond the 30 km threshold.
    ([_candidate("marseille", 43.30, 5.37, "93")], AVIGNON, []),
    # Two regions near, nearest first; two operators of one region are both named, nearest first.
    ([_candidate("lyon-ish", 44.10, 4.80, "84"), _candidate("avignon", 43.95, 4.81, "93", "B"),
      _candidate("orange", 44.13, 4.80, "93", "A")], AVIGNON,
     [("93", ("B", "A")), ("84", ("Operator 84",))]),
    # No commune, no distance: no choice offered.
    ([_candidate("avignon", 43.95, 4.81, "93")], Origin("76"), []),
])
def test_nearby_other_regions(candidates, origin, expected):
    found = nearby_other_regions(candidates, origin, NAMES)
    assert [(n.region, n.operator_names) for n in found] == expected
    assert all(n.name == NAMES[n.region] for n in found)
    distances = [n.distance_km for n in found]
    assert distances == sorted(distances) and all(km <= 30 for km in distances)


def _html(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def test_border_place_offers_the_region_next_door(demo_app):
    """Villeneuve-lès-Avignon: Provence's sites are a labelled choice; following it offers them, with their operator."""
    client = demo_app.test_client()
    page = _html(client.get("/booking/start?place=30400&lang=en"))
    provence = db.session.scalar(db.select(Operator).where(Operator.region_code == "93"))
    assert "Sites of another region nearby" in page
    assert f"run by {escape(provence.name)}" in page
    link = OTHER_REGION_LINK.search(page).group(1).replace("&amp;", "&")
    assert "place=30400" in link
    chosen = _html(client.get(link))
    offered = re.findall(r'href="/booking/site/([^"?]+)', chosen)
    regions = [db.session.get(Site, s).operator.region_code for s in offered]
    assert "93" in regions and regions == sorted(regions, key=lambda r: r != "76")  # home operator first
    assert str(escape(provence.name)) in chosen
    assert "Sites of another region nearby" not in chosen  # the only one near is now chosen


def test_border_place_in_french(demo_app):
    page = _html(demo_app.test_client().get("/booking/start?place=30400&lang=fr"))
    assert "une autre région à proximité" in page and "Voir les lieux de Provence" in page
    assert re.search(r"le plus proche à \d+,\d km", page)  # a French decimal comma, as in the widget


def test_central_place_offers_no_other_region(demo_app):
    page = _html(demo_app.test_client().get("/booking/start?place=75011&lang=en"))
    assert "Sites of another region nearby" not in page and 'region=' not in page
