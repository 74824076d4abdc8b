"""Agent sessions end for good: logout, a password reset or deactivation end every session of the account (a copied
cookie too); a session lasts BOOKINGSITE_AGENT_SESSION_MAX_H at most, however busy."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bookingsite.staff.auth import SEEN, SINCE, VERSION, session_end_reason
from tests.staff.staff_helpers import login, make_agent

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
IDLE, LONGEST = timedelta(minutes=30), timedelta(hours=12)


class _Agent:
    active, session_version = True, 3


def _data(version=3, seen=NOW, since=NOW):
    return {VERSION: version, SEEN: seen and seen.isoformat(), SINCE: since and since.isoformat()}


@pytest.mark.parametrize("data, agent, now, reason", [
    (_data(), _Agent(), NOW + timedelta(minutes=29), None),  # busy and recent: goes on
    (_data(version=2), _Agent(), NOW, "revoked"),  # the account's version moved on (logout elsewhere, reset)
    (_data(version=None), _Agent(), NOW, "revoked"),  # a session from before versions existed
    (_data(), None, NOW, "revoked"),  # the account is gone (or inactive: the loader returns None)
    (_data(), _Agent(), NOW + timedelta(minutes=31), "idle"),  # idle too long
    (_data(seen=NOW + timedelta(hours=12)), _Agent(), NOW + timedelta(hours=12, minutes=1), "max"),  # too long
    (_data(since=None), _Agent(), NOW, "max"),  # no login time: cannot tell its age, so it ends
])
def test_session_end_reason(data, agent, now, reason):
    assert session_end_reason(data, agent, now, IDLE, LONGEST) == reason


def _en(client) -> str:
    return client.get("/agent/login?lang=en").get_data(as_text=True)


def test_a_copied_cookie_dies_at_logout(app, client, agent):
    login(client, agent)
    copied = client.get_cookie("session").value
    assert client.post("/agent/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/agent/").status_code == 302


def test_logout_ends_every_session_of_the_account(app, agent):
    desk, laptop, colleague = app.test_client(), app.test_client(), app.test_client()
    login(desk, agent), login(laptop, agent), login(colleague, make_agent())
    desk.post("/agent/logout")
    assert laptop.get("/agent/").status_code == 302
    assert "logged out on another device" in _en(laptop)
    assert colleague.get("/agent/").status_code == 200  # other accounts keep theirs
    assert login(laptop, agent).status_code == 302 and laptop.get("/agent/").status_code == 200  # log in again


def test_a_password_reset_ends_every_session(app, client, agent):
    login(client, agent)
    result = app.test_cli_runner().invoke(args=["agents", "reset", agent.email])
    assert result.exit_code == 0
    assert client.get("/agent/").status_code == 302
    token = result.output.rsplit("/", 1)[1].strip()
    other = app.test_client()
    login(other, agent)  # the old password still works until the new one is chosen…
    app.test_client().post(f"/agent/set-password/{token}", data={"password": "x" * 14, "confirm": "x" * 14})
    assert other.get("/agent/").status_code == 302  # …and choosing it ends that session too


def test_deactivation_ends_every_session(app, client, agent):
    login(client, agent)
    assert app.test_cli_runner().invoke(args=["agents", "deactivate", agent.email]).exit_code == 0
    assert client.get("/agent/").status_code == 302


def test_a_session_lasts_twelve_hours_at_most_however_busy(app, client, agent):
    login(client, agent)  # at TEST_NOW, 09:00 in Paris
    start = datetime.fromisoformat(app.config["BOOKINGSITE_NOW"])
    for minutes in range(20, 12 * 60 + 1, 20):  # a request every 20 minutes: never idle
        app.config["BOOKINGSITE_NOW"] = (start + timedelta(minutes=minutes)).isoformat()
        assert client.get("/agent/").status_code == 200, minutes
    app.config["BOOKINGSITE_NOW"] = (start + timedelta(hours=12, minutes=1)).isoformat()
    assert client.get("/agent/").status_code == 302
    assert "12 hours at most" in _en(client)


def test_the_lifetime_is_a_setting(make_app):
    app = make_app(AGENT_SESSION_MAX_H=1)
    with app.app_context():
        client = app.test_client()
        login(client, make_agent())
        app.config["BOOKINGSITE_NOW"] = "2026-12-01T09:25:00+01:00"
        assert client.get("/agent/").status_code == 200
        app.config["BOOKINGSITE_NOW"] = "2026-12-01T09:50:00+01:00"
        assert client.get("/agent/").status_code == 200
        app.config["BOOKINGSITE_NOW"] = "2026-12-01T10:01:00+01:00"
        assert client.get("/agent/").status_code == 302
