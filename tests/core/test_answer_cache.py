"""The in-process shared cache: what it keeps, for how long, under which key, and what it never keeps."""
from __future__ import annotations

import pytest
from flask import Flask, request

from bookingsite.core.answer_cache import AnswerCache

SITE = "demo-69266"


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def make_cached(seconds: float = 5, entries: int = 16):
    """A small app behind the cache; each answer says how many times the app ran."""
    app, clock, calls = Flask(__name__), Clock(), []

    @app.get("/<kind>")
    def answer(kind):
        calls.append(kind)
        headers = ANSWERS[kind]
        return f"{kind} #{len(calls)} {request.headers.get('Accept-Language', '')}", 200, headers

    @app.get("/missing")
    def missing():
        calls.append("missing")
        return f"no #{len(calls)}", 404, {"Cache-Control": "public, max-age=60"}

    app.wsgi_app = AnswerCache(app.wsgi_app, seconds, entries=entries, clock=clock)
    return app.test_client(use_cookies=False), clock, calls


ANSWERS = {
    "public": {"Cache-Control": "public, max-age=60"},
    "short": {"Cache-Control": "public, max-age=2"},
    "no-cache": {"Cache-Control": "public, no-cache"},
    "private": {"Cache-Control": "private, max-age=60"},
    "no-store": {"Cache-Control": "no-store"},
    "unmarked": {},
    "cookie": {"Cache-Control": "public, max-age=60", "Set-Cookie": "session=x"},
    "vary-star": {"Cache-Control": "public, max-age=60", "Vary": "*"},
    "language": {"Cache-Control": "public, max-age=60", "Vary": "Cookie, Accept-Language"},
}


@pytest.mark.parametrize("kind, kept", [
    ("public", True),  # public with a lifetime: the one kind kept
    ("short", True),  # public, max-age=2: kept, for 2 s (test_kept_no_longer_than_its_max_age)
    ("no-cache", False),  # free slots: checked before each use, never served from memory
    ("private", False),  # one browser's copy
    ("no-store", False),  # a person's or staff page
    ("unmarked", False),  # no Cache-Control: nothing said, nothing kept
    ("cookie", False),  # sets a cookie: belongs to one browser
    ("vary-star", False),  # varies on everything
    ("missing", False),  # a 404, even public
])
def test_which_answers_are_kept(kind, kept):
    client, _, calls = make_cached()
    first, second = client.get(f"/{kind}"), client.get(f"/{kind}")
    assert (second.get_data() == first.get_data()) is kept  # the app's answers count its runs
    assert len(calls) == (1 if kept else 2)
    assert ("Age" in second.headers) is kept


@pytest.mark.parametrize("headers", [
    {"Cookie": "session=abc"},  # a visitor with a session: their language, their form
    {"Authorization": "Bearer x"},  # an authenticated call
    {"X-Api-Key": "k"},  # a partner's call
    {"If-None-Match": '"x"'},  # a conditional request: the app answers 304 itself
    {"Range": "bytes=0-10"},  # a part of the answer
])
def test_personal_or_conditional_requests_go_to_the_app(headers):
    client, _, calls = make_cached()
    client.get("/public")
    assert "Age" not in client.get("/public", headers=headers).headers
    assert len(calls) == 2


def test_a_copy_expires_after_the_configured_seconds():
    client, clock, calls = make_cached(seconds=5)
    client.get("/public")
    clock.now += 4.9
    assert client.get("/public").headers["Age"] == "4"
    clock.now += 0.2
    assert "Age" not in client.get("/public").headers and len(calls) == 2


def test_kept_no_longer_than_its_max_age():
    client, clock, calls = make_cached(seconds=5)
    client.get("/short")
    clock.now += 2.1
    client.get("/short")
    assert len(calls) == 2


def test_the_key_holds_the_query_string_and_the_varying_headers():
    client, _, calls = make_cached()
    client.get("/public?q=1"), client.get("/public?q=2")
    fr = client.get("/language", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    en = client.get("/language", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert len(calls) == 4 and fr.endswith("fr") and en.endswith("en")
    assert client.get("/language", headers={"Accept-Language": "en"}).get_data(as_text=True) == en
    assert len(calls) == 4


def test_head_is_answered_from_the_get_copy_without_a_body():
    client, _, calls = make_cached()
    body = client.get("/public").get_data()
    head = client.head("/public")
    assert head.status_code == 200 and head.get_data() == b"" and "Age" in head.headers and len(calls) == 1
    assert body


def test_each_copy_gets_its_own_request_id():
    client, _, _ = make_cached()
    client.get("/public")
    ids = {client.get("/public").headers["X-Request-Id"] for _ in range(3)}
    assert len(ids) == 3
    assert client.get("/public", headers={"X-Request-Id": "lb42"}).headers["X-Request-Id"] == "lb42"


def test_the_oldest_copies_go_first_when_full():
    client, _, calls = make_cached(entries=2)
    for q in (1, 2, 3):
        client.get(f"/public?q={q}")
    client.get("/public?q=1")
    assert len(calls) == 4  # q=1 was evicted by q=3


# With the site itself: what a visitor without a session is served again, and what never is.
@pytest.fixture
def cached_site(make_app):
    from bookingsite.directory.demo import demo_directory
    from bookingsite.directory.fileformat import write_json
    from bookingsite.directory.store import import_directory
    from bookingsite.extensions import db

    app = make_app(DEMO=True, ANSWER_CACHE_S=5)
    with app.app_context():
        import_directory(db.session, write_json(demo_directory("http://localhost")))
    return app.test_client(use_cookies=False)


@pytest.mark.parametrize("path, kept", [
    ("/", True),  # the home page
    ("/sites/?q=69001", True),  # the results page
    (f"/sites/{SITE}", True),  # a site page
    ("/api/v1/sites?postcode=69001", True),  # the locator API
    ("/api/v1/communes?q=lyo", True),  # reference data
    ("/healthz", True),  # a healthy state, for a second
    (f"/api/v1/sites/{SITE}/slots?days=14", False),  # free slots: a taken slot must not linger
    ("/questionnaire/", False),  # the questionnaire sets the session (private)
    ("/agent/login", False),  # a staff page
])
def test_the_site_keeps_only_public_answers(cached_site, path, kept):
    first = cached_site.get(path)
    second = cached_site.get(path)
    assert first.status_code in (200, 302) and "Age" not in first.headers
    assert ("Age" in second.headers) is kept, path
    if kept:
        assert second.get_data() == first.get_data() and second.headers["ETag"] == first.headers["ETag"]


def test_an_unhealthy_answer_is_never_kept(make_app, monkeypatch):
    from bookingsite.extensions import db

    app = make_app(ANSWER_CACHE_S=5)
    client = app.test_client(use_cookies=False)

    def down(*args, **kwargs):
        raise OSError("database down")

    monkeypatch.setattr(db.session, "execute", down)
    assert client.get("/healthz").status_code == 503
    again = client.get("/healthz")
    assert again.status_code == 503 and "Age" not in again.headers


def test_off_in_testing_unless_asked(make_app):
    assert make_app().config["BOOKINGSITE_ANSWER_CACHE_S"] == 0
