"""Parity: the public pages, the agent desk, the widget and the API offer a person the same thing.

For each answer set and place, every channel is driven through its own HTTP interface (the public questionnaire and
booking pages, the agent desk signed in, the widget's embed pages, the API with the demo partner's key) and must
propose the same operator, the same sites in the same order, the same appointment type and the same first slots.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import pytest
from markupsafe import escape

from bookingsite.directory.demo import DEMO_PARTNER_KEY, DEMO_WIDGET_ID
from bookingsite.extensions import db
from bookingsite.geo import reference
from bookingsite.models import Agenda, AppointmentType, Operator, Site
from bookingsite.prequal.engine import visible_questions, visible_steps
from bookingsite.prequal.loader import current
from tests.booking.booking_helpers import set_busy
from tests.staff.staff_helpers import login, make_agent

EMPLOYEE_ON_SITE = {"status": "employee", "contract": "permanent", "manager": "no", "needs": ["progress"],
                    "deadline": "none", "modality": "site"}
SELF_EMPLOYED_BY_PHONE = {"status": "self_employed", "needs": ["training"], "deadline": "none", "modality": "phone"}
EMPLOYEE_BY_VIDEO = {**EMPLOYEE_ON_SITE, "needs": ["change_job"], "modality": "video"}
FIRST_SLOTS = 3  # slots compared, from the first one offered

CASES = [
    # Paris 11e: Île-de-France's operator, its nearest sites, an interview on site.
    pytest.param(EMPLOYEE_ON_SITE, "75011", None, id="paris-on-site"),
    # Overseas: Fort-de-France, Martinique's operator, slots in the America/Martinique zone, a remote interview.
    pytest.param(SELF_EMPLOYED_BY_PHONE, "97200", None, id="martinique-by-phone"),
    # Region border: Villeneuve-lès-Avignon (Occitanie) is 5 km from Avignon's site (Provence), which is not offered.
    pytest.param(EMPLOYEE_ON_SITE, "30400", None, id="border-occitanie"),
    # The same person choosing Provence: Occitanie's sites first, then Provence's, labelled with their operator.
    pytest.param(EMPLOYEE_BY_VIDEO, "30400", "93", id="border-choosing-provence"),
    # Creil (Hauts-de-France), near Paris, choosing Île-de-France, by phone.
    pytest.param(SELF_EMPLOYED_BY_PHONE, "60100", "11", id="creil-choosing-ile-de-france"),
]
SITE_LINK = re.compile(r'href="/booking/site/([^"?]+)\?')
AGENT_SITE_LINK = re.compile(r'href="/agent/call/[^"?]+\?site=([^"&]+)')
WIDGET_SITE = re.compile(r'name="site" value="([^"]+)"')
SLOT_KEY = re.compile(r'name="slot" value="([^"_]+)_(\w+)"')
HIDDEN = re.compile(r'<input type="hidden" name="(state|csrf)" value="([^"]*)"')


@dataclass(frozen=True)
class Offered:
    """What one channel offered: the operator, the sites in order, the first site's type and its first slots."""

    operator: str | None
    sites: tuple[str, ...]
    appointment_type: str | None
    slots: tuple[tuple[datetime, str], ...]


@pytest.fixture
def demo(demo_app):
    """The demo directory, every agenda's feed read just now and empty (so slots follow the opening hours)."""
    for agenda_id in db.session.scalars(db.select(Agenda.id)):
        set_busy(agenda_id, [])
    return demo_app


def _html(response) -> str:
    assert response.status_code < 400, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def _slots(pairs) -> tuple[tuple[datetime, str], ...]:
    return tuple((datetime.fromisoformat(start), modality) for start, modality in pairs)[:FIRST_SLOTS]


def _type_shown(html: str) -> str | None:
    """The appointment type a page names: its label and length, as the person reads them (English pages)."""
    for kind in db.session.scalars(db.select(AppointmentType)):
        if f"{kind.label} ({kind.duration_min} minutes)" in html:
            return kind.id
    return None


def _operator_of(site_id: str) -> str:
    return db.session.get(Site, site_id).operator.name


def _by_step(answers: dict) -> dict[str, dict]:
    """The answers grouped by the questionnaire step that asks them, in the steps' order."""
    steps = {s.id: {} for s in visible_steps(current(), answers)}
    for question in visible_questions(current(), answers):
        if question.id in answers:
            steps[question.step][question.id] = answers[question.id]
    return {k: v for k, v in steps.items() if v}


def public(app, answers: dict, place: str, region: str | None) -> Offered:
    """The questionnaire step by step, its outcome, the sites to choose from, then the first site's slots."""
    client = app.test_client()
    client.get("/?lang=en")
    for step, values in _by_step({**answers, "place": place}).items():
        response = client.post(f"/questionnaire/step/{step}", data={"shown": list(values), **values})
    result = client.get(response.headers["Location"])
    prequal_id = result.request.path.rsplit("/", 1)[1]
    operator = re.search(r"Your regional service: ([^<]+)</p>", _html(result))
    query = f"prequal={prequal_id}" + (f"&region={region}" if region else "")
    sites = tuple(SITE_LINK.findall(_html(client.get(f"/booking/start?{query}"))))
    page = _html(client.get(f"/booking/site/{sites[0]}?prequal={prequal_id}"))
    kind = re.search(r'name="type" value="([^"]+)"', page).group(1)
    return Offered(operator.group(1) if operator else None, sites, kind, _slots(SLOT_KEY.findall(page)))


def agent_desk(app, answers: dict, place: str, region: str | None) -> Offered:
    """A national agent takes the call on one page, then reads the outcome: the sites and the nearest one's slots."""
    client = app.test_client()
    assert login(client, make_agent()).status_code == 302
    client.get("/agent/?lang=en")
    called = {**answers, "place": place}
    shown = [q.id for q in visible_questions(current(), called)]
    response = client.post("/agent/call", data={**called, "shown": shown})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = _html(client.get(response.headers["Location"] + (f"?region={region}" if region else "")))
    operator = re.search(r"Appointment with ([^<]+)</h2>", page)
    listed = page[page.index('<ul class="agent-sites">'):]
    listed = listed[:listed.index("</ul>")]
    return Offered(operator.group(1) if operator else None, tuple(AGENT_SITE_LINK.findall(listed)),
                   _type_shown(page), _slots(SLOT_KEY.findall(page)))


def widget(app, answers: dict, place: str, region: str | None) -> Offered:
    """The embed pages: the place (as a partner page passes it), the sites, the questionnaire, the slots."""
    client = app.test_client()
    fields: dict = {}

    def take(response) -> str:
        html = _html(response)
        fields.update(dict(HIDDEN.findall(html)))
        return html

    extra = f"&region={region}" if region else ""
    sites = tuple(WIDGET_SITE.findall(take(client.get(f"/embed/?partner={DEMO_WIDGET_ID}&lang=en&postcode={place}"
                                                      f"{extra}"))))
    take(client.post("/embed/site?lang=en", data={**fields, "site": sites[0]}))
    for step, values in _by_step(answers).items():
        page = take(client.post(f"/embed/step/{step}?lang=en", data={**fields, "shown": list(values), **values}))
    return Offered(_operator_of(sites[0]), sites, _type_shown(page), _slots(SLOT_KEY.findall(page)))


def api(app, answers: dict, place: str, region: str | None) -> Offered:
    """POST /prequal, GET its offer with the demo partner's key, then GET the first site's slots."""
    client = app.test_client()
    headers = {"X-Api-Key": DEMO_PARTNER_KEY}
    outcome = client.post("/api/v1/prequal", json={"answers": {**answers, "place": place}})
    assert outcome.status_code == 200, outcome.get_json()
    query = f"?region={region}" if region else ""
    offer = client.get(f"/api/v1/prequal/{outcome.get_json()['id']}/offer{query}", headers=headers).get_json()
    first = offer["sites"][0]
    modality = f"&modality={first['modality']}" if first["modality"] else ""
    slots = client.get(f"/api/v1/sites/{first['id']}/slots?type={first['appointment_type']}{modality}"
                       ).get_json()["slots"]
    return Offered(offer["operator"]["name"], tuple(s["id"] for s in offer["sites"]), first["appointment_type"],
                   _slots((s["start"], s["modality"]) for s in slots))


@pytest.mark.parametrize(("answers", "place", "region"), CASES)
def test_every_channel_offers_the_same(demo, answers, place, region):
    offers = {name: channel(demo, answers, place, region)
              for name, channel in (("public", public), ("agent", agent_desk), ("widget", widget), ("api", api))}
    expected = offers["api"]
    assert expected.sites and expected.slots, expected
    for name, offered in offers.items():
        assert offered.sites == expected.sites, name
        assert offered.appointment_type == expected.appointment_type, name
        assert offered.slots and offered.slots == expected.slots[:FIRST_SLOTS], name
        assert offered.operator == expected.operator, name


@pytest.mark.parametrize(("answers", "place", "region"), CASES)
def test_the_operator_serving_the_region_comes_first(demo, answers, place, region):
    """Every site is the home operator's, until another region is chosen: then its sites follow, labelled."""
    home = reference().communes_for_postcode(place)[0].region
    offered = api(demo, answers, place, region).sites
    regions = [db.session.get(Site, s).operator.region_code for s in offered]
    assert regions == sorted(regions, key=lambda r: r != home)
    assert set(regions) == {home, region} - {None}
    if region:  # the widget names the other region's operator next to its sites
        other = db.session.scalar(db.select(Operator.name).where(Operator.region_code == region))
        page = _html(demo.test_client().get(f"/embed/?partner={DEMO_WIDGET_ID}&lang=en&postcode={place}"
                                            f"&region={region}"))
        assert str(escape(other)) in page
