"""Security defaults asserted on every route of the app: headers, CSRF, HSTS, cookies, errors and logs."""
from __future__ import annotations

import json
import logging
import re

import pytest
from flask import abort
from sqlalchemy import text
from werkzeug.routing import IntegerConverter

from bookingsite import create_app
from bookingsite.extensions import db
from tests.factories import LEGAL_SETTINGS

# argument name -> a value from the demo data (any other argument gets "x": the checks here run whatever the view
# makes of it, including a 404).
DEMO_VALUES = {"site_id": "demo-69266", "agenda_id": "demo-69266-a", "partner_id": "demo-partner",
               "operator_id": "demo-op-84", "code": "en"}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Paths whose forms carry their own CSRF token instead of Flask-WTF's session-bound one (still refused: 400).
OWN_CSRF = (
    "/embed/",  # the widget: no cookie inside a partner's frame; a per-flow token signed into the page (state.py)
)


def _routes(methods: set[str]) -> list[tuple[str, str]]:
    """(method, path) for every rule of the app accepting one of ``methods``, arguments filled in."""
    app = create_app({"ENV": "testing", "SECRET_KEY": "routes", "DATABASE_URL": "sqlite://"})
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        values = {name: "1" if isinstance(rule._converters.get(name), IntegerConverter) else DEMO_VALUES.get(name, "x")
                  for name in rule.arguments}
        if rule.endpoint == "static":
            values = {"filename": "css/site.css"}
        path = rule.build(values, append_unknown=False)[1]
        found += [(method, path) for method in sorted((rule.methods or set()) & methods)]
    return found


ALL_ROUTES = _routes({"GET"} | WRITES)
FORM_ROUTES = [(m, p) for m, p in _routes(WRITES) if not p.startswith("/api/")]
API_WRITES = [(m, p) for m, p in _routes(WRITES) if p.startswith("/api/")]


def directives(csp: str) -> dict[str, list[str]]:
    """The Content-Security-Policy as {directive: [sources]}."""
    parsed = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.fixture(scope="module")
def demo_client(tmp_path_factory):
    """The site with the demo directory, on a database of its own, shared by this module's read-only checks."""
    from bookingsite.directory.demo import demo_directory
    from bookingsite.directory.fileformat import write_json
    from bookingsite.directory.store import import_directory
    from tests.conftest import BASE_CONFIG
    from tests.e2e.conftest import fresh_database

    tmp = tmp_path_factory.mktemp("security")
    with fresh_database(tmp) as url:
        app = create_app({**BASE_CONFIG, "DATABASE_URL": url, "DEMO": True, "OUTBOX_DIR": str(tmp / "outbox")})
        with app.app_context():
            db.create_all()
            import_directory(db.session, write_json(demo_directory("http://localhost")))
            db.session.remove()
        yield app.test_client()
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("method, path", ALL_ROUTES, ids=[f"{m} {p}" for m, p in ALL_ROUTES])
def test_every_route_sends_the_security_headers(demo_client, method, path):
    response = demo_client.open(path, method=method)
    assert response.status_code < 500, f"{method} {path} answered {response.status_code}"
    csp = directives(response.headers["Content-Security-Policy"])
    script = csp.get("script-src", csp.get("default-src"))
    assert script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    if path.startswith("/embed/"):  # the widget: framed by its partner's origins (and this site's preview)
        ancestors = csp["frame-ancestors"]
        if ancestors == ["*"]:  # only a refusal page holding a link to the site may be framed anywhere
            assert response.status_code >= 400
        else:
            assert all(s in ("'none'", "'self'") or re.fullmatch(r"https?://[\w.-]+(:\d+)?", s) for s in ancestors)
    else:
        assert csp["frame-ancestors"] == ["'none'"] and response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP on a http:// site


@pytest.fixture(scope="module")
def csrf_client(tmp_path_factory):
    """The site with CSRF protection on (as in production); no data needed: the check comes before any view."""
    from tests.conftest import BASE_CONFIG

    tmp = tmp_path_factory.mktemp("csrf")
    app = create_app({**BASE_CONFIG, "WTF_CSRF_ENABLED": True, "DATABASE_URL": f"sqlite:///{tmp / 'csrf.sqlite'}"})
    with app.app_context():
        db.create_all()
    return app.test_client()


@pytest.mark.parametrize("method, path", FORM_ROUTES, ids=[f"{m} {p}" for m, p in FORM_ROUTES])
def test_every_form_refuses_a_post_without_csrf_token(csrf_client, method, path):
    response = csrf_client.open(path, method=method, data={"name": "x"})
    assert response.status_code == 400, f"{method} {path} accepted a post without a CSRF token"
    assert response.mimetype == "text/html"
    if not path.startswith(OWN_CSRF):  # Flask-WTF's refusal: the site's error page, in plain words
        assert "Votre formulaire a expiré" in response.get_data(as_text=True)


@pytest.mark.parametrize("method, path", API_WRITES, ids=[f"{m} {p}" for m, p in API_WRITES])
def test_the_api_uses_keys_not_csrf_tokens(csrf_client, method, path):
    response = csrf_client.open(path, method=method, json={})
    assert response.is_json and response.get_json()["error"]["code"] != "csrf"


def test_a_post_with_its_token_gets_past_csrf(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    html = client.get("/questionnaire/", follow_redirects=True).get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert token, "the questionnaire page carries a CSRF token"
    assert client.post("/questionnaire/restart", data={"csrf_token": token.group(1), "confirm": "yes"}).status_code == 302


@pytest.mark.parametrize("settings, request_kwargs, hsts", [
    ({}, {"base_url": "https://localhost"}, True),  # the request itself came over HTTPS
    ({"BASE_URL": "https://www.example.fr"}, {}, True),  # TLS ends at the proxy; the site is published on https
    ({}, {"headers": {"X-Forwarded-Proto": "https"}}, False),  # no trusted proxy: a forwarded header is ignored
    ({"BOOKINGSITE_TRUSTED_PROXIES": 1}, {"headers": {"X-Forwarded-Proto": "https"}}, True),  # one trusted proxy
    ({}, {}, False),  # plain HTTP on a http:// site
])
def test_hsts_behind_https_only(make_app, settings, request_kwargs, hsts):
    response = make_app(**settings).test_client().get("/", **request_kwargs)
    assert ("Strict-Transport-Security" in response.headers) is hsts
    if hsts:
        assert "max-age=63072000" in response.headers["Strict-Transport-Security"]


def test_trusted_proxy_gives_the_client_address_for_rate_limits(make_app):
    app = make_app(BOOKINGSITE_TRUSTED_PROXIES=1)

    @app.get("/_addr")
    def addr():
        from flask import request
        return request.remote_addr or ""

    forwarded = {"X-Forwarded-For": "203.0.113.7"}
    assert app.test_client().get("/_addr", headers=forwarded).get_data(as_text=True) == "203.0.113.7"
    assert make_app().test_client().get("/", headers=forwarded).status_code == 200  # ignored when not configured


def test_session_cookie_is_secure_httponly_and_lax_in_production(make_app):
    app = make_app(ENV="production", SECRET_KEY="p" * 40, SMS_SENDER="memory", **LEGAL_SETTINGS)
    response = app.test_client().get("/language/en?next=/", base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.fixture
def failing_app(make_app):
    """The site with test-only routes that fail the way real code can (an SQL error, a bug, a refusal)."""
    app = make_app()

    def sql_error():
        db.session.execute(text("SELECT secret_column FROM no_such_table"))

    def bug():
        raise RuntimeError("internal detail: password=hunter2")

    for path, view in [("/_sql", sql_error), ("/_bug", bug), ("/api/v1/_sql", sql_error)]:
        app.add_url_rule(path, view.__name__ + path.replace("/", "_"), view)
    app.add_url_rule("/_forbidden", "forbidden", lambda: abort(403))
    return app


@pytest.mark.parametrize("path, status, json_body", [
    ("/_sql", 500, False),  # a database error on a page
    ("/_bug", 500, False),  # a bug on a page
    ("/api/v1/_sql", 500, True),  # a database error in the API: JSON
    ("/_forbidden", 403, False),  # a refusal
])
def test_no_stack_trace_or_sql_is_ever_shown(failing_app, caplog, path, status, json_body):
    response = failing_app.test_client().get(path)
    body = response.get_data(as_text=True)
    assert response.status_code == status and response.is_json is json_body
    for leak in ("Traceback", "no_such_table", "SELECT", "secret_column", "hunter2", "RuntimeError", 'File "'):
        assert leak not in body
    if json_body:
        assert response.get_json()["error"]["code"] == "internal_error"
    if status == 500:  # the details go to the log, for the people who run the site
        assert "no_such_table" in caplog.text or "hunter2" in caplog.text


def _access_lines(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "bookingsite.access"]


def test_request_log_has_an_id_and_no_personal_data(demo_client, caplog):
    caplog.set_level(logging.INFO, logger="bookingsite.access")
    response = demo_client.get("/sites/?q=jean.dupont%40example.org&email=jean.dupont@example.org&phone=0612345678")
    demo_client.post("/questionnaire/step/situation", data={"email": "marie@example.org", "name": "Marie Curie"})
    text_logged = caplog.text
    for personal in ("jean.dupont", "example.org", "0612345678", "Marie", "q=", "?"):
        assert personal not in text_logged
    lines = _access_lines(caplog)
    assert lines and lines[0]["route"] == "/sites/" and lines[0]["request_id"] == response.headers["X-Request-Id"]
    assert set(lines[0]) == {"request_id", "method", "route", "status", "ms"}


@pytest.mark.parametrize("incoming, kept", [
    ("abc123DEF", True),  # a load balancer's ID is kept, so logs join up
    ("a b<script>", False),  # anything else is replaced, never logged as sent
    ("x" * 65, False),  # too long
])
def test_request_id_from_the_load_balancer_only_when_it_looks_like_one(demo_client, incoming, kept):
    returned = demo_client.get("/healthz", headers={"X-Request-Id": incoming}).headers["X-Request-Id"]
    assert (returned == incoming) is kept and re.fullmatch(r"[A-Za-z0-9]{1,64}", returned)
