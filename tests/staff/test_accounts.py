"""Accounts: lockout back-off, set-password links, authentication (time frozen by passing ``now``)."""
from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.security import generate_password_hash

from bookingsite.extensions import db
from bookingsite.staff import accounts
from tests.factories import make_operator
from tests.staff.staff_helpers import PASSWORD, make_agent

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("failures, threshold, expected", [
    (4, 5, None),                     # below the threshold: no delay
    (5, 5, timedelta(minutes=1)),     # at the threshold: the first delay
    (6, 5, timedelta(minutes=2)),     # each further failure doubles it
    (8, 5, timedelta(minutes=8)),     # ... and again
    (9, 5, timedelta(minutes=15)),    # bounded: never more than LOCK_MAX
    (400, 5, timedelta(minutes=15)),  # however many failures piled up
    (1, 1, timedelta(minutes=1)),     # a threshold of one delays at once
])
def test_lock_duration(failures, threshold, expected):
    assert accounts.lock_duration(failures, threshold) == expected


def test_wrong_passwords_delay_the_account_after_the_threshold(app):
    agent = make_agent()
    for _ in range(3):
        with pytest.raises(accounts.LoginRefused):
            accounts.authenticate(db.session, agent.email, "wrong", NOW, lockout_after=3)
    assert accounts.delay_until(agent) == NOW + timedelta(minutes=1)
    # In the delay: even the right password is refused, exactly like a wrong one.
    with pytest.raises(accounts.LoginRefused):
        accounts.authenticate(db.session, agent.email, PASSWORD, NOW + timedelta(seconds=50), lockout_after=3)
    # The delay ends; one more failure then delays twice as long.
    with pytest.raises(accounts.LoginRefused):
        accounts.authenticate(db.session, agent.email, "wrong", NOW + timedelta(minutes=2), lockout_after=3)
    assert accounts.delay_until(agent) == NOW + timedelta(minutes=4)
    # A successful login after the delay resets the count.
    assert accounts.authenticate(db.session, agent.email, PASSWORD, NOW + timedelta(minutes=5), 3) == agent
    assert agent.failed_logins == 0 and agent.locked_until is None


def test_failures_during_a_delay_neither_count_nor_lengthen_it(app):
    agent = make_agent()
    for _ in range(3):
        with pytest.raises(accounts.LoginRefused):
            accounts.authenticate(db.session, agent.email, "wrong", NOW, lockout_after=3)
    until = accounts.delay_until(agent)
    for second in range(1, 60):  # an attacker hammering the account during its delay
        with pytest.raises(accounts.LoginRefused):
            accounts.authenticate(db.session, agent.email, "wrong", NOW + timedelta(seconds=second), 3)
    assert (agent.failed_logins, accounts.delay_until(agent)) == (3, until)
    # The agent gets in as soon as the delay ends.
    assert accounts.authenticate(db.session, agent.email, PASSWORD, until + timedelta(seconds=1), 3) == agent


def test_a_renewed_attack_never_keeps_the_agent_out_longer_than_the_bound(app):
    agent, at = make_agent(), NOW
    for _ in range(60):  # one failure each time the delay ends, for hours
        with pytest.raises(accounts.LoginRefused):
            accounts.authenticate(db.session, agent.email, "wrong", at, lockout_after=5)
        at = max(at, accounts.delay_until(agent) or at) + timedelta(seconds=1)
    assert accounts.delay_until(agent) - (at - timedelta(seconds=1)) <= accounts.LOCK_MAX
    assert accounts.authenticate(db.session, agent.email, PASSWORD, at, 5) == agent


def test_unknown_accounts_cost_one_verification_of_the_same_kind():
    # The timing is measured by bench/login_timing.py; here: the dummy is hashed like real passwords.
    assert accounts._DUMMY_HASH.split("$")[0] == generate_password_hash("x", method=accounts.HASH_METHOD).split("$")[0]


@pytest.mark.parametrize("email, password, active", [
    ("nobody@example.org", PASSWORD, True),   # unknown e-mail
    (None, "wrong", True),                    # wrong password
    (None, PASSWORD, False),                  # deactivated account
    ("not an e-mail", PASSWORD, True),        # not even an address
    (None, "", True),                         # empty password
])
def test_refused_logins(app, email, password, active):
    agent = make_agent(active=active)
    with pytest.raises(accounts.LoginRefused):
        accounts.authenticate(db.session, email or agent.email, password, NOW, lockout_after=5)


def test_an_invitation_sets_the_password_once(app):
    operator = make_operator()
    invitation = accounts.add_agent(db.session, " New.Agent@Example.org", "supervisor", operator.id, NOW)
    agent = invitation.agent
    assert agent.email == "new.agent@example.org" and agent.password_hash is None
    assert invitation.token not in (agent.set_password_token_hash or "")  # only its hash is kept
    assert accounts.agent_for_token(db.session, invitation.token, NOW + timedelta(hours=71)) == agent
    assert accounts.agent_for_token(db.session, invitation.token, NOW + timedelta(hours=73)) is None  # expired
    with pytest.raises(accounts.LoginRefused):  # no password yet
        accounts.authenticate(db.session, agent.email, "", NOW, 5)
    accounts.set_password(db.session, agent, "a long enough password")
    assert agent.password_hash.startswith("scrypt:")
    assert accounts.agent_for_token(db.session, invitation.token, NOW) is None  # spent
    assert accounts.authenticate(db.session, agent.email, "a long enough password", NOW, 5) == agent


@pytest.mark.parametrize("email, role, operator, message", [
    ("x@example.org", "boss", None, "role"),             # unknown role
    ("x@example.org", "agent", "op-nowhere", "operator"),  # unknown operator
    ("not-an-address", "agent", None, "e-mail"),        # invalid e-mail
    ("taken@example.org", "agent", None, "exists"),     # e-mail already used
])
def test_add_agent_refusals(app, email, role, operator, message):
    make_agent(email="taken@example.org")
    with pytest.raises(accounts.AccountError, match=message):
        accounts.add_agent(db.session, email, role, operator, NOW)


def test_short_password_refused(app):
    agent = make_agent(password_hash=None)
    with pytest.raises(accounts.AccountError):
        accounts.set_password(db.session, agent, "short")
