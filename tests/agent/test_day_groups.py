"""The day view's site picker: sites grouped by operator, the agent's own operator first, no JS needed."""
from __future__ import annotations

import re

import pytest

from tests.factories import make_operator, make_site
from tests.staff.staff_helpers import login, make_agent

GROUP = re.compile(r'<optgroup label="([^"]*)">(.*?)</optgroup>', re.DOTALL)
OPTION = re.compile(r'<option value="[^"]*"( selected)?>([^<]*)</option>')


@pytest.fixture
def operators(app):
    """Three operators with two sites each, created out of alphabetical order (accents included)."""
    found = {}
    for name, region, sites in [("CEP Occitanie", "76", ["Toulouse", "Albi"]),
                                ("CEP Île-de-France", "11", ["Évry", "Paris 11e"]),
                                ("CEP Bretagne", "53", ["Rennes", "Brest"])]:
        operator = make_operator(name=name, region_code=region)
        for site in sites:
            make_site(name=site, operator_id=operator.id)
        found[name] = operator
    return found


def picker(client, **query) -> list[tuple[str, list[str]]]:
    """(operator heading, its sites) in the order of the day view's site picker."""
    page = client.get("/agent/day", query_string=query).get_data(as_text=True)
    return [(label, [name for _sel, name in OPTION.findall(body)]) for label, body in GROUP.findall(page)]


@pytest.mark.parametrize("own, expected", [
    # a national account: every operator, by name (Île among the I's, accents folded), sites by name
    (None, [("CEP Bretagne", ["Brest", "Rennes"]), ("CEP Île-de-France", ["Évry", "Paris 11e"]),
            ("CEP Occitanie", ["Albi", "Toulouse"])]),
    # an agent of one operator: that operator only
    ("CEP Occitanie", [("CEP Occitanie", ["Albi", "Toulouse"])]),
])
def test_sites_are_grouped_by_operator(operators, client, own, expected):
    login(client, make_agent(operator_id=operators[own].id if own else None))
    assert picker(client) == expected


def test_an_account_that_sees_several_operators_opens_on_its_own(operators, client, monkeypatch):
    """Scopes are one operator or all today; should an account of one operator see more, its own comes first."""
    monkeypatch.setattr("bookingsite.agent.day.agent_scope_operator_ids", lambda agent: None)
    login(client, make_agent(operator_id=operators["CEP Occitanie"].id))
    assert [label for label, _sites in picker(client)] == ["CEP Occitanie", "CEP Bretagne", "CEP Île-de-France"]
    assert picker(client)[0][1] == ["Albi", "Toulouse"]  # the first option, so the picker opens on its own sites


def test_the_chosen_site_stays_selected_and_names_its_operator(operators, client):
    login(client, make_agent())
    rennes = next(s for s in operators["CEP Bretagne"].sites if s.name == "Rennes")
    page = client.get("/agent/day", query_string={"site": rennes.id, "date": "2026-12-02"}).get_data(as_text=True)
    selected = [name for _label, body in GROUP.findall(page) for sel, name in OPTION.findall(body) if sel]
    assert selected == ["Rennes"]
    assert '<p class="muted">CEP Bretagne</p>' in page  # under the day's heading
    assert '<form method="get"' in page  # a plain GET form: the picker works without JS
