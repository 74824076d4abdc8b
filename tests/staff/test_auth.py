"""Login, logout, CSRF, sessions, roles, scope and the audit log, through the app."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bookingsite.extensions import db
from bookingsite.models.agent import AuditEntry, AuditImmutable
from bookingsite.staff.auth import agent_scope_operator_ids, audit, can_access_site, role_required
from tests.factories import make_operator, make_site
from tests.staff.staff_helpers import PASSWORD, login, make_agent

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.mark.parametrize("path", [
    "/agent/",           # the desk
    "/agent/bookings",   # search
    "/agent/day",        # day view
    "/agent/audit",      # audit log
])
def test_logged_out_is_sent_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/agent/login?next=")


def test_login_then_logout(client, agent):
    response = login(client, agent, next="/agent/bookings")
    assert response.status_code == 302 and response.headers["Location"] == "/agent/bookings"
    assert client.get("/agent/").status_code == 200
    assert client.post("/agent/logout").status_code == 302
    assert client.get("/agent/").status_code == 302
    assert _actions() == ["login", "logout"]


@pytest.mark.parametrize("next_url, expected", [
    ("https://evil.example/", "/agent/"),   # another host: ignored
    ("//evil.example/", "/agent/"),         # scheme-relative: ignored
    ("/agent/day", "/agent/day"),           # a local path: followed
])
def test_login_only_follows_local_next(client, agent, next_url, expected):
    assert login(client, agent, next=next_url).headers["Location"] == expected


def test_wrong_passwords_delay_the_account_over_http(make_app):
    app = make_app(AGENT_LOCKOUT_AFTER=3)
    with app.app_context():
        agent = make_agent()
        client = app.test_client()
        for _ in range(3):
            assert login(client, agent, "wrong").status_code == 422
        delayed = login(client, agent)  # the right password, during the delay: refused like a wrong one
        assert delayed.status_code == 422
        assert client.get("/agent/").status_code == 302
        # After the delay (the clock is frozen by BOOKINGSITE_NOW): the right password works again.
        app.config["BOOKINGSITE_NOW"] = "2026-12-01T09:02:00+01:00"
        assert login(client, agent).status_code == 302


def test_login_form_keeps_the_email_and_ties_errors(client, agent):
    page = login(client, agent, "wrong").get_data(as_text=True)
    assert f'value="{agent.email}"' in page and 'aria-describedby="email-error"' in page
    page = client.post("/agent/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert 'id="email-error"' in page and 'id="password-error"' in page


@pytest.fixture
def csrf_app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


@pytest.mark.parametrize("path", [
    "/agent/login",                 # login
    "/agent/logout",                # logout
    "/agent/set-password/anything",  # set password
])
def test_every_form_is_refused_without_its_csrf_token(csrf_app, path):
    agent = make_agent()
    client = csrf_app.test_client()
    response = client.post(path, data={"email": agent.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/agent/").status_code == 302  # not logged in


def test_forms_carry_a_csrf_token_and_login_works_with_it(csrf_app):
    agent = make_agent(role="supervisor")
    client = csrf_app.test_client()
    token = CSRF.search(client.get("/agent/login").get_data(as_text=True)).group(1)
    assert login(client, agent, csrf_token=token).status_code == 302
    for path in ("/agent/", "/agent/audit", "/agent/bookings"):
        page = client.get(path).get_data(as_text=True)
        forms = re.findall(r'<form[^>]*method="post".*?</form>', page, re.DOTALL)
        assert forms and all('name="csrf_token"' in form for form in forms)


def test_the_staff_search_is_refused_without_its_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        email = make_agent().email
    client = app.test_client()  # one app context per request: Flask-WTF keeps the session's token on ``g``

    def token(path):
        return CSRF.search(client.get(path).get_data(as_text=True)).group(1)

    client.post("/agent/login", data={"email": email, "password": PASSWORD, "csrf_token": token("/agent/login")})
    assert client.post("/agent/bookings", data={"q": "Martin"}).status_code == 400
    assert client.post("/agent/bookings", data={"q": "Martin", "csrf_token": token("/agent/bookings")}).status_code == 200


def test_a_session_of_one_agent_cannot_act_as_another(make_app):
    app = make_app()
    with app.app_context():
        alice, bob = make_agent(), make_agent(role="supervisor")
        a, b = app.test_client(), app.test_client()
        login(a, alice), login(b, bob)
        assert a.get("/agent/audit").status_code == 403  # Alice is an agent, not a supervisor
        assert b.get("/agent/audit").status_code == 200
        # Alice's actions are recorded as hers, whatever else is in the request.
        a.post("/agent/logout", data={"agent_id": bob.id})
        assert db.session.scalars(select(AuditEntry.agent_id).where(AuditEntry.action == "logout")).all() == [alice.id]
        # A cookie that claims Bob's id, signed with any other secret, is worthless.
        other = make_app(SECRET_KEY="another-secret")
        forged = other.session_interface.get_signing_serializer(other).dumps({"_user_id": bob.id, "_fresh": True})
        a.set_cookie("session", forged)
        assert a.get("/agent/audit").status_code == 302
        # Editing the content of a genuine cookie breaks its signature too.
        login(a, alice)
        value = a.get_cookie("session").value
        a.set_cookie("session", value.replace(value[6:10], "AAAA", 1))
        assert a.get("/agent/").status_code == 302


def test_the_session_is_bound_to_the_browser_that_logged_in(client, agent):
    login(client, agent, headers=None)
    assert client.get("/agent/").status_code == 200
    # "strong" session protection: the same cookie from another browser (user agent) loses the login.
    assert client.get("/agent/", headers={"User-Agent": "curl/8"}).status_code == 302


def test_an_idle_session_ends(app, client, agent):
    login(client, agent)
    app.config["BOOKINGSITE_NOW"] = "2026-12-01T09:29:00+01:00"  # 29 minutes later: still in
    assert client.get("/agent/").status_code == 200
    app.config["BOOKINGSITE_NOW"] = "2026-12-01T10:00:00+01:00"  # 31 minutes idle: out
    response = client.get("/agent/")
    assert response.status_code == 302
    assert "inactivity" in client.get("/agent/login?lang=en").get_data(as_text=True)


def test_a_deactivated_agent_is_logged_out(client, agent):
    login(client, agent)
    agent.active = False
    db.session.commit()
    assert client.get("/agent/").status_code == 302


@pytest.mark.parametrize("role, status", [
    ("agent", 403),        # agents do not read the audit log
    ("supervisor", 200),   # supervisors do
    ("admin", 200),        # admins do
])
def test_audit_log_by_role(client, role, status):
    login(client, make_agent(role=role))
    assert client.get("/agent/audit").status_code == status


def test_role_required_guards_views_of_other_features(make_app):
    app = make_app()
    app.add_url_rule("/piloting-test", "piloting_test", role_required("supervisor", "admin")(lambda: "figures"))
    with app.app_context():
        client = app.test_client()
        assert client.get("/piloting-test").headers["Location"].startswith("/agent/login")
        login(client, make_agent(role="agent"))
        assert client.get("/piloting-test").status_code == 403
        login(client, make_agent(role="admin"))
        assert client.get("/piloting-test").get_data(as_text=True) == "figures"


def test_scope(app):
    op_a, op_b = make_operator(), make_operator()
    site_a, site_b = make_site(operator_id=op_a.id), make_site(operator_id=op_b.id)
    regional, national = make_agent(operator_id=op_a.id), make_agent()
    assert agent_scope_operator_ids(regional) == {op_a.id} and agent_scope_operator_ids(national) is None
    assert can_access_site(regional, site_a) and not can_access_site(regional, site_b)
    assert can_access_site(national, site_b) and not can_access_site(national, None)


def test_audit_records_and_cannot_be_changed(app):
    agent = make_agent()
    entry = audit(agent, "booking_cancelled", "ABC123", site_id="site-1")
    assert (entry.agent_id, entry.booking_reference, entry.details) == (agent.id, "ABC123", {"site_id": "site-1"})
    entry.action = "nothing happened"
    with pytest.raises(AuditImmutable):
        db.session.commit()
    db.session.rollback()
    with pytest.raises(AuditImmutable):
        db.session.delete(entry)
        db.session.commit()
    db.session.rollback()
    assert _actions() == ["booking_cancelled"]
    with pytest.raises(ValueError):  # personal data is refused
        audit(agent, "booking_made", "ABC124", email="someone@example.org")


def test_the_app_exposes_no_way_to_edit_the_audit_log(app):
    writers = {"POST", "PUT", "PATCH", "DELETE"}
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule or "audit" in rule.endpoint:
            assert not writers & set(rule.methods), rule.rule
