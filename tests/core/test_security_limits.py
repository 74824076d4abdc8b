"""Rate limits: which budget each endpoint draws on, and a 429 as a page, as JSON, and with Redis storage."""
from __future__ import annotations

import os
import random

import pytest
import redis

from bookingsite.core.limits import BOOKING, FORM, SEARCH, budget_for

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.mark.parametrize("blueprint, method, rule, budget", [
    ("locator", "GET", "/sites/", SEARCH),  # the site search page
    ("prequal", "GET", "/questionnaire/step/<step_id>", None),  # viewing a questionnaire page is free
    ("prequal", "POST", "/questionnaire/step/<step_id>", FORM),  # each answer counts
    ("booking", "GET", "/booking/site/<site_id>", SEARCH),  # looking at slots is a search
    ("booking", "GET", "/booking/start", SEARCH),  # so is the list of sites with their next slots
    ("booking", "GET", "/booking/details/<token>", None),  # the details form and confirmation are page views
    ("booking", "POST", "/booking/site/<site_id>/hold", BOOKING),  # holding or booking a slot
    ("booking", "POST", "/booking/manage/<token>/cancel", BOOKING),
    ("api", "GET", "/api/v1/communes", SEARCH),  # the API's searches share the web's budget
    ("api", "GET", "/api/v1/sites/<site_id>/slots", SEARCH),
    ("api", "POST", "/api/v1/prequal", FORM),
    ("api", "POST", "/api/v1/bookings", None),  # calls with a key: per key and per address (tests/api)
    ("api", "DELETE", "/api/v1/bookings/<reference>", None),
    ("api", "GET", "/api/v1/openapi.json", None),  # the document is not limited
    ("widget", "POST", "/embed/place", SEARCH),  # the widget's steps, by kind
    ("widget", "POST", "/embed/book", BOOKING),
    ("widget", "GET", "/embed/", None),  # its entry page is not limited
    ("agent", "POST", "/agent/login", None),  # agents share their platform's address: lockout instead
    ("core", "GET", "/", None),  # core pages
    (None, "GET", None, None),  # unmatched URL (404)
])
def test_each_endpoint_draws_on_its_budget(blueprint, method, rule, budget):
    assert budget_for(blueprint, method, rule) == budget


def _client(app):
    """A test client with an address of its own, so counters never carry over between runs (Redis keeps them)."""
    address = f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(1, 254)}"
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    # A visitor with a session, as every form's sender has one (its CSRF token lives there; tests turn CSRF off).
    client.get("/?lang=fr")
    return client


def _answer(client):
    """One questionnaire submission (going back from the first page: a POST like any answer)."""
    first = client.get("/questionnaire/").headers["Location"]
    return client.post(first, data={"action": "back"})


def test_too_many_questionnaire_answers_get_a_clear_page(make_app):
    client = _client(make_app(RATELIMIT_ENABLED=True, RATELIMIT_FORM="2/minute"))
    assert [_answer(client).status_code for _ in range(2)] == [302, 302]
    response = _answer(client)
    assert response.status_code == 429 and response.mimetype == "text/html"
    assert "Trop de demandes" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/").status_code == 200  # other pages still answer


def test_too_many_api_searches_get_a_json_error(make_app):
    client = _client(make_app(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="2/minute"))
    assert [client.get("/api/v1/communes?q=lyo").status_code for _ in range(2)] == [200, 200]
    response = client.get("/api/v1/communes?q=lyo")
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_the_search_pages_share_one_budget(make_app):
    client = _client(make_app(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="2/minute"))  # the visitor's budget
    client.get("/sites/?q=69001")
    client.get("/sites/?q=lyon")
    response = client.get("/sites/?q=69002")
    assert response.status_code == 429 and "Trop de demandes" in response.get_data(as_text=True)


def test_viewing_pages_draws_on_no_budget(make_app):
    """One questionnaire is a dozen page views: people behind one address must not run out by reading."""
    client = _client(make_app(RATELIMIT_ENABLED=True, RATELIMIT_FORM="1/minute", RATELIMIT_FORM_ADDRESS="1/minute"))
    first = client.get("/questionnaire/").headers["Location"]
    assert {client.get(first).status_code for _ in range(20)} == {200}


def test_people_sharing_an_address_each_have_their_own_budget(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_FORM="2/minute", RATELIMIT_FORM_ADDRESS="3/minute")
    alice = _client(app)
    bob = app.test_client()
    bob.environ_base["REMOTE_ADDR"] = alice.environ_base["REMOTE_ADDR"]  # the same company's address
    bob.get("/?lang=fr")
    assert [_answer(alice).status_code for _ in range(3)] == [302, 302, 429]  # her own budget: 2
    assert [_answer(bob).status_code for _ in range(2)] == [302, 429]  # the address's: 3 in all


def test_a_client_without_cookies_meets_the_address_budget(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="1/minute", RATELIMIT_SEARCH_ADDRESS="3/minute")
    address = _client(app).environ_base["REMOTE_ADDR"]

    def fresh():
        client = app.test_client(use_cookies=False)
        client.environ_base["REMOTE_ADDR"] = address
        return client
    assert [fresh().get("/sites/?q=69001").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_limits_are_off_when_disabled(make_app):
    client = _client(make_app(RATELIMIT_ENABLED=False, RATELIMIT_FORM="1/minute"))
    assert {_answer(client).status_code for _ in range(3)} == {302}


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def test_limits_are_counted_in_redis_when_configured(make_app):
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not answering at {REDIS_URL}: CI machines run it (see .ci/run).")
        pytest.skip(f"Redis is not answering at {REDIS_URL}")
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_FORM="2/minute", REDIS_URL=REDIS_URL)
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    client = _client(app)
    assert [_answer(client).status_code for _ in range(3)] == [302, 302, 429]
    keys = redis.Redis.from_url(REDIS_URL).keys("LIMITS:*form*")
    assert keys, "the counter lives in Redis, shared by every app process"


def test_a_redis_outage_does_not_break_limited_pages(make_app):
    """Rate-limit storage unreachable: requests are still answered (counted in memory meanwhile)."""
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0", RATELIMIT_ENABLED=True)
    response = app.test_client().get("/api/v1/communes?q=lyo")
    assert response.status_code == 200 and response.get_json()["communes"]
