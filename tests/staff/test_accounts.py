"""Accounts: lockout back-off, set-password links, authentication (time frozen by passing ``now``)."""
from datetime import UTC, datetime, timedelta

import pytest

from bookingsite.extensions import db
from bookingsite.staff import accounts
from tests.factories import make_operator
from tests.staff.staff_helpers import PASSWORD, make_agent

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("failures, threshold, expected", [
    (4, 5, None),                     # below the threshold: no lock
    (5, 5, timedelta(minutes=5)),     # at the threshold: the first lock
    (6, 5, timedelta(minutes=10)),    # each further failure doubles it
    (8, 5, timedelta(minutes=40)),    # ... and again
    (40, 5, timedelta(hours=24)),     # capped at a day
    (1, 1, timedelta(minutes=5)),     # a threshold of one locks at once
])
def test_lock_duration(failures, threshold, expected):
    assert accounts.lock_duration(failures, threshold) == expected


def test_wrong_passwords_lock_the_account_after_the_threshold(app):
    agent = make_agent()
    for _ in range(3):
        with pytest.raises(accounts.LoginRefused):
            accounts.authenticate(db.session, agent.email, "wrong", NOW, lockout_after=3)
    # Locked: even the right password is refused, without being checked.
    with pytest.raises(accounts.AccountLocked) as locked:
        accounts.authenticate(db.session, agent.email, PASSWORD, NOW + timedelta(minutes=4), lockout_after=3)
    assert locked.value.until == NOW + timedelta(minutes=5)
    # The lock lifts after its time; one more failure then locks for twice as long.
    with pytest.raises(accounts.LoginRefused):
        accounts.authenticate(db.session, agent.email, "wrong", NOW + timedelta(minutes=6), lockout_after=3)
    with pytest.raises(accounts.AccountLocked) as locked:
        accounts.authenticate(db.session, agent.email, PASSWORD, NOW + timedelta(minutes=7), lockout_after=3)
    assert locked.value.until == NOW + timedelta(minutes=16)
    # A successful login resets the count.
    assert accounts.authenticate(db.session, agent.email, PASSWORD, NOW + timedelta(minutes=17), 3) == agent
    assert agent.failed_logins == 0 and agent.locked_until is None


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
