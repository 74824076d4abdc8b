"""Every route of the app against hostile input: NUL and control characters, huge and deeply nested values.

Whatever is sent, the answer is never a 500 (issue 14): on PostgreSQL a NUL in a text parameter used to reach the
database and fail there. Routes come from ``app.url_map``, so a new form is covered the day it is added.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bookingsite.booking import service
from bookingsite.directory.keys import hash_api_key
from bookingsite.extensions import db
from bookingsite.models.outbox import OutboxMessage
from bookingsite.prequal.loader import current
from tests.booking.booking_helpers import book_args, setup_site
from tests.factories import make_partner
from tests.staff.staff_helpers import login, make_agent

API_KEY = "pk_hostile-test-key"
# Every field name the site's forms and filters read: each gets the hostile value.
FIELDS = ("name", "email", "phone", "consent", "slot", "key", "place", "place_insee", "site", "modality", "day",
          "action", "shown", "reference", "password", "confirm", "next", "via", "state", "csrf", "q", "from",
          "type", "prequal", "start", "end", "region", "date", "page", "status", "contract", "postcode", "token",
          "lang", "partner", "origin", "insee", "lat", "lon", "t", "done", "made", "sent")
HOSTILE = {
    "nul": "Marie\x00Curie",  # PostgreSQL refuses NUL in text
    "controls": "\x01\x07\x08\x0b\x0c\x1b\x7f",  # C0 controls and DEL
    "bad utf-8": "%ff%fe",  # percent-escaped bytes that are no UTF-8 (sent as is in a query or a path)
    "huge": "x" * 20_000,  # long, but the whole form stays under the 1 MB body limit
    "far dates": "9999-12-31",  # the ends of the calendar Python can hold
    "first date": "0001-01-01",
}
HOSTILE_JSON = {
    "nul": {"name": "Ada\x00", "site_id": "\x00", "answers": {"status\x00": "employee\x00"}},
    "surrogate": {"name": "\ud800", "start": "\udfff"},  # half a UTF-16 pair: no UTF-8 for it
    "huge": {"name": "x" * 300_000, "answers": {f"k{n}": "v" for n in range(5_000)}},
    "far dates": {"start": "9999-12-31T23:59:59+14:00", "site_id": "s", "type": "first", "name": "A"},
    "wrong types": {"name": ["a"], "email": {"x": 1}, "consent": "yes", "answers": [1, 2], "start": 12},
}


@pytest.fixture
def world(app, client):
    """A site with a hold, a confirmed booking, a questionnaire, a partner; the client logged in as an admin."""
    site, _kind = setup_site()
    make_partner(id="hostile", api_key_hash=hash_api_key(API_KEY))
    booking = service.book(**book_args(site))
    db.session.commit()
    hold = client.post(f"/booking/site/{site.id}/hold", data={"slot": "2026-12-02T14:00:00+01:00_site", "key": "h"})
    assert login(client, make_agent(role="admin")).status_code == 302
    values = {"site_id": site.id, "reference": booking.reference, "prequal_id": "unknown-prequal",
              "step_id": current().steps[0].id, "agenda_id": site.agendas[0].id, "partner_id": "hostile",
              "key": "sites", "code": "en", "secret": "x", "filename": "css/site.css",
              "token": hold.headers["Location"].rsplit("/", 1)[-1],
              "row_id": db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.booking_id == booking.id))}
    return values, service.manage_token(booking)


def _url(rule, values: dict, manage_token: str) -> str:
    found = {name: (manage_token if name == "token" and "/manage/" in rule.rule else values[name])
             for name in rule.arguments}
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: str(found[m.group(1)]), rule.rule)


def _rules(app, method: str):
    return [r for r in app.url_map.iter_rules() if method in r.methods and r.endpoint != "static"]


@pytest.mark.parametrize("kind", HOSTILE)
def test_no_form_route_answers_500_to_hostile_fields(app, client, world, kind):
    values, manage_token = world
    failures = []
    for rule in _rules(app, "POST"):
        url = _url(rule, values, manage_token)
        answer = client.post(url, data={field: HOSTILE[kind] for field in FIELDS},
                             headers={"X-Api-Key": API_KEY})
        if answer.status_code >= 500:
            failures.append((rule.rule, answer.status_code))
    assert failures == []


# A URL past a few kilobytes never reaches the app (gunicorn refuses request lines over 4 KB): no "huge" here.
@pytest.mark.parametrize("kind", [kind for kind in HOSTILE if kind != "huge"])
def test_no_page_answers_500_to_hostile_query_parameters(app, client, world, kind):
    values, manage_token = world
    failures = []
    for rule in _rules(app, "GET"):
        answer = client.get(_url(rule, values, manage_token), query_string={f: HOSTILE[kind] for f in FIELDS},
                            headers={"X-Api-Key": API_KEY})
        if answer.status_code >= 500:
            failures.append((rule.rule, answer.status_code))
    assert failures == []


@pytest.mark.parametrize("kind", ["nul", "controls", "bad utf-8"])
def test_no_route_answers_500_to_a_hostile_path_segment(app, client, world, kind):
    values, _manage_token = world
    failures = []
    for rule in _rules(app, "GET") + _rules(app, "POST"):
        if not rule.arguments:
            continue
        hostile = {name: HOSTILE[kind] for name in rule.arguments}
        url = _url(rule, {**values, **hostile}, HOSTILE[kind])
        for method in sorted(rule.methods & {"GET", "POST"}):
            answer = client.open(url, method=method, headers={"X-Api-Key": API_KEY})
            if answer.status_code >= 500:
                failures.append((method, rule.rule, answer.status_code))
    assert failures == []


@pytest.mark.parametrize("kind", HOSTILE_JSON)
def test_no_json_route_answers_500_to_a_hostile_body(app, client, world, kind):
    values, manage_token = world
    failures = []
    for rule in _rules(app, "POST"):
        answer = client.post(_url(rule, values, manage_token), json=HOSTILE_JSON[kind],
                             headers={"X-Api-Key": API_KEY})
        if answer.status_code >= 500:
            failures.append((rule.rule, answer.status_code))
    assert failures == []


@pytest.mark.parametrize("body", [
    "[" * 200_000 + "]" * 200_000,  # Python's json gives up with RecursionError
    '{"a":' * 100_000 + "1" + "}" * 100_000,  # the same with objects
    '{"name": "A\\u0000"}',  # a NUL written as an escape
])
def test_deeply_nested_or_escaped_json_is_a_client_error(app, client, world, body):
    values, manage_token = world
    for rule in _rules(app, "POST"):
        if not rule.rule.startswith("/api/"):
            continue
        answer = client.post(_url(rule, values, manage_token), data=body, content_type="application/json",
                             headers={"X-Api-Key": API_KEY})
        assert 400 <= answer.status_code < 500, (rule.rule, answer.status_code)
        assert answer.get_json()["error"]["code"]
