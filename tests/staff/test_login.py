"""Staff login: one answer for every refusal, throttles per client address and per account (Flask-Limiter)."""
from __future__ import annotations

import random
import uuid

import pytest

from bookingsite.extensions import db
from tests.staff.staff_helpers import PASSWORD, login, make_agent

TARGET = "target@example.org"


def _client(app, address: str | None = None):
    """A test client with an address of its own (the limiter counts per address)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address or f"10.{random.randint(1, 254)}.{random.randint(1, 254)}.7"
    return client


def _post(client, email: str, password: str):
    return client.post("/agent/login", data={"email": email, "password": password})


def _make(case: str) -> None:
    """The account behind TARGET in each case (none when unknown)."""
    if case == "unknown":
        return
    agent = make_agent(email=TARGET, active=case != "inactive")
    if case == "no password":
        agent.password_hash = None
    if case == "delayed":
        agent.failed_logins = 4  # one more failure starts the delay
    db.session.commit()


@pytest.mark.parametrize("case, password", [
    ("unknown", PASSWORD),  # nobody has this address
    ("known", "wrong"),  # the account exists, the password is wrong
    ("delayed", PASSWORD),  # the account is in its delay: even the right password
    ("inactive", PASSWORD),  # a closed account
    ("no password", PASSWORD),  # invited, no password chosen yet
])
def test_every_refusal_answers_like_an_unknown_account(make_app, case, password):
    app = make_app(AGENT_LOCKOUT_AFTER=5)
    with app.app_context():
        unknown = _post(_client(app), TARGET, PASSWORD)
        _make(case)
        if case == "delayed":  # the fifth failure starts the delay
            assert _post(_client(app), TARGET, "wrong").status_code == 422
        answer = _post(_client(app), TARGET, password)
        assert (answer.status_code, answer.get_data(as_text=True)) == (422, unknown.get_data(as_text=True))
        assert "Retry-After" not in answer.headers


def test_refused_logins_are_throttled_per_client_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN_ADDRESS="3/minute", RATELIMIT_LOGIN_ACCOUNT="100/minute")
    with app.app_context():
        agents = [make_agent() for _ in range(6)]
        office = f"10.1.{random.randint(1, 254)}.1"
        # A platform's agents share one address: successful logins never count.
        assert [login(_client(app, office), a).status_code for a in agents] == [302] * 6
        # Refused ones do, whichever accounts they name (here unknown ones).
        attacker = _client(app, office)
        assert [_post(attacker, f"guess{n}@example.org", "x").status_code for n in range(3)] == [422] * 3
        assert login(_client(app, office), agents[0]).status_code == 429  # the whole address waits
        assert login(_client(app), agents[0]).status_code == 302  # another address does not


@pytest.mark.parametrize("known", [
    True,  # an agent's account
    False,  # an address nobody has: throttled the same way, so the throttle tells nothing either
])
def test_refused_logins_are_throttled_per_account_across_addresses(make_app, known):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN_ACCOUNT="3/minute", RATELIMIT_LOGIN_ADDRESS="100/minute")
    with app.app_context():
        email = f"{uuid.uuid4().hex[:8]}@example.org"
        if known:
            make_agent(email=email)
        statuses = [_post(_client(app), email, "wrong").status_code for _ in range(4)]  # four addresses
        assert statuses == [422, 422, 422, 429]
        assert _post(_client(app), email.upper(), PASSWORD).status_code == 429  # the same account, typed otherwise
        assert login(_client(app), make_agent()).status_code == 302  # other accounts are not affected
