"""HTTP caching of public reads: ETag and 304, Cache-Control by kind of answer, never for a session's pages."""
from __future__ import annotations

import pytest

from tests.staff.staff_helpers import login, make_agent


@pytest.fixture
def client(demo_app):
    return demo_app.test_client()


SITE = "demo-69266"

# (path, Cache-Control expected for an anonymous visitor)
CACHED = [
    ("/", "public, max-age=60"),  # the home page
    ("/accessibility", "public, max-age=3600"),  # a static statement
    ("/sites/?q=69001", "public, max-age=60"),  # the results page: the directory and the first free slots
    (f"/sites/{SITE}", "public, max-age=60"),  # a site page: hours and the first free slot
    ("/api/v1/sites?postcode=69001", "public, max-age=60"),  # the locator API
    (f"/api/v1/sites/{SITE}", "public, max-age=60"),  # a site and its week
    ("/api/v1/communes?q=lyo", "public, max-age=3600"),  # reference data
    ("/api/v1/appointment-types", "public, max-age=3600"),  # directory data that changes with an import
    (f"/api/v1/sites/{SITE}/slots?days=14", "public, no-cache"),  # free slots: kept, but checked before each use
    ("/healthz", "public, max-age=1"),  # a healthy state, for a second (a 503 is never kept: test_answer_cache)
]


@pytest.mark.parametrize("path, control", CACHED)
def test_public_reads_have_an_etag_a_short_lifetime_and_vary_on_the_cookie(client, path, control):
    answer = client.get(path)
    assert answer.status_code == 200, path
    assert answer.headers["Cache-Control"] == control
    assert "Cookie" in answer.headers["Vary"]  # the language can come from the session cookie
    assert ("Accept-Language" in answer.headers["Vary"]) is path.startswith("/api/")  # the API's language too
    assert answer.headers["ETag"].startswith('"')


@pytest.mark.parametrize("path", [path for path, _ in CACHED])
def test_if_none_match_answers_304_without_a_body(client, path):
    etag = client.get(path).headers["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag and "Cache-Control" in again.headers
    assert client.get(path, headers={"If-None-Match": '"something-else"'}).status_code == 200


@pytest.mark.parametrize("path", [
    "/?lang=en",  # the language choice is remembered in the session: the answer sets a cookie
    "/sites/?q=69001&lang=en",  # the same on the results page
])
def test_an_answer_that_sets_the_session_is_private(client, path):
    answer = client.get(path)
    assert answer.headers["Cache-Control"] == "private, no-cache" and "Set-Cookie" in answer.headers


def test_a_page_holding_a_csrf_token_is_never_shared(demo_app):
    # A public page with a form: its CSRF token belongs to the browser's session, even on a second visit (when
    # the session already holds the token and does not change).
    from flask import render_template_string

    @demo_app.get("/test-form")
    def _form():
        from bookingsite.core.http_cache import cacheable

        return cacheable()(lambda: render_template_string('<form method="post">{{ csrf_token() }}</form>'))()

    client = demo_app.test_client()
    first, second = client.get("/test-form"), client.get("/test-form")
    assert first.headers["Cache-Control"] == second.headers["Cache-Control"] == "private, no-cache"


def test_a_signed_in_staff_member_gets_private_copies(client):
    login(client, make_agent())
    assert client.get("/sites/?q=69001").headers["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize("path, method, status", [
    ("/sites/no-such-site", "GET", 404),  # errors are not cached
    ("/api/v1/sites?postcode=00000", "GET", 404),  # API errors neither
    ("/questionnaire/step/situation", "GET", 200),  # the questionnaire: the person's answers, never stored
])
def test_what_is_not_cached(client, path, method, status):
    answer = client.open(path, method=method)
    assert answer.status_code == status
    control = answer.headers.get("Cache-Control", "")
    assert "public" not in control and "max-age=60" not in control


def test_a_kept_page_changes_with_what_it_shows(client, demo_app, monkeypatch):
    # The results page is kept by a version (snapshot, open states, first slots): a new first slot is shown at once.
    from datetime import UTC, datetime

    from bookingsite.locator import views

    first = client.get("/sites/?q=69001").get_data(as_text=True)
    assert client.get("/sites/?q=69001").get_data(as_text=True) == first
    monkeypatch.setattr(views, "first_free_slot", lambda *_: datetime(2030, 1, 7, 9, tzinfo=UTC))
    changed = client.get("/sites/?q=69001").get_data(as_text=True)
    assert changed != first and "2030" not in first and ("7 janvier" in changed or "7 January" in changed)
