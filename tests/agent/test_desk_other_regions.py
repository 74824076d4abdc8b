"""The agent desk's outcome offers a caller at a border the sites of the region next door, as a labelled choice."""
from __future__ import annotations

import re

from markupsafe import escape

from bookingsite.extensions import db
from bookingsite.models import Operator, Site
from tests.agent.desk_helpers import EMPLOYEE, answer_call
from tests.staff.staff_helpers import login, make_agent

OTHER_REGION_LINK = re.compile(r'href="(/agent/call/[^"?]+\?region=93)"')
AGENT_SITE_LINK = re.compile(r'href="/agent/call/[^"?]+\?site=([^"&]+)')


def _outcome(app, place: str, lang: str = "en", **agent) -> tuple:
    """A logged-in client (a national agent unless told) and the outcome page of a call from this place."""
    client = app.test_client()
    assert login(client, make_agent(**agent)).status_code == 302
    client.get(f"/agent/?lang={lang}")
    response = client.get(answer_call(client, {**EMPLOYEE, "place": place}))
    assert response.status_code == 200
    return client, response.get_data(as_text=True)


def test_a_border_caller_may_choose_the_region_next_door(demo_app):
    client, page = _outcome(demo_app, "30400")
    provence = db.session.scalar(db.select(Operator).where(Operator.region_code == "93"))
    assert "Sites of another region nearby" in page and f"run by {escape(provence.name)}" in page
    chosen = client.get(OTHER_REGION_LINK.search(page).group(1)).get_data(as_text=True)
    listed = chosen[chosen.index('<ul class="agent-sites">'):]
    listed = listed[:listed.index("</ul>")]
    regions = [db.session.get(Site, s).operator.region_code for s in AGENT_SITE_LINK.findall(listed)]
    assert "93" in regions and regions == sorted(regions, key=lambda r: r != "76")  # the caller's operator first
    assert f"— {escape(provence.name)}" in listed  # each of its sites names its operator
    assert "Sites of another region nearby" not in chosen


def test_the_choice_is_in_french(demo_app):
    _, page = _outcome(demo_app, "30400", "fr")
    assert "une autre région à proximité" in page and "Voir les lieux de Provence" in page


def test_a_central_caller_has_no_other_region(demo_app):
    _, page = _outcome(demo_app, "75011")
    assert "Sites of another region nearby" not in page and "region=" not in page


def test_an_agent_of_the_home_operator_is_not_offered_sites_they_cannot_book(demo_app):
    occitanie = db.session.scalar(db.select(Operator.id).where(Operator.region_code == "76"))
    _, page = _outcome(demo_app, "30400", operator_id=occitanie)
    assert "Sites of another region nearby" not in page
