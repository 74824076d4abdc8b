"""Agent accounts: creation, one-time set-password links, login with a growing delay, session revocation.

No Flask here: callers pass the session, ``now`` and the settings.

Whatever the e-mail typed, a refused login looks the same (one exception, one message) and costs the same (one
scrypt verification, against a dummy hash when the account is unknown or has no password): nobody learns from the
answer or its timing whether an account exists. After ``lockout_after`` failures in a row, an account waits a
growing delay (1, 2, 4… minutes, at most LOCK_MAX) before it checks a password again; attempts during the delay are
refused like a wrong password, are not counted and do not lengthen it, so an attacker can never lock an agent out
for longer than LOCK_MAX at a time.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from bookingsite.models.agent import ROLES, Agent
from bookingsite.models.directory import Operator

LOCK_BASE = timedelta(minutes=1)  # the first delay; each further failure doubles it
LOCK_MAX = timedelta(minutes=15)  # bounded: a renewed attack never keeps an agent out for longer at a time
LINK_VALID = timedelta(hours=72)
MIN_PASSWORD = 12
HASH_METHOD = "scrypt"
# Checked against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password (same method).
_DUMMY_HASH = generate_password_hash("not-a-password-" + secrets.token_hex(8), method=HASH_METHOD)


class AccountError(ValueError):
    """An account cannot be created or changed as asked (the message says why)."""


class LoginRefused(Exception):
    """Wrong e-mail or password, an inactive account, or an account in its delay (deliberately not told apart)."""


@dataclass(frozen=True)
class Invitation:
    """A new (or re-issued) account and the one-time token to put in its set-password link."""

    agent: Agent
    token: str
    expires: datetime


def _aware(value: datetime | None) -> datetime | None:
    # SQLite gives naive datetimes back; they were stored as UTC.
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def hash_token(token: str) -> str:
    """What the database keeps of a set-password token (never the token itself)."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_email(raw: str) -> str:
    """A checked, lower-cased e-mail address; AccountError if it is not one."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise AccountError(f"not a valid e-mail address: {raw!r}") from exc


def lock_duration(failures: int, threshold: int) -> timedelta | None:
    """How long to wait after ``failures`` failed logins in a row: none below the threshold, then doubling."""
    if failures < threshold:
        return None
    doublings = min(failures - threshold, 16)  # past the bound anyway; keeps the power (and timedelta) small
    return min(LOCK_BASE * 2 ** doublings, LOCK_MAX)


def delay_until(agent: Agent) -> datetime | None:
    """The end of the account's current (or last) delay, as an aware instant."""
    return _aware(agent.locked_until)


def _issue(agent: Agent, now: datetime) -> Invitation:
    token = secrets.token_urlsafe(32)
    agent.set_password_token_hash, agent.set_password_expiry = hash_token(token), now + LINK_VALID
    return Invitation(agent, token, now + LINK_VALID)


def add_agent(session: Session, email: str, role: str, operator_id: str | None, now: datetime) -> Invitation:
    """Create an account without a password and a one-time link to set it."""
    email = normalize_email(email)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if operator_id is not None and session.get(Operator, operator_id) is None:
        raise AccountError(f"no operator with id {operator_id!r}")
    if session.scalar(select(Agent).where(Agent.email == email)) is not None:
        raise AccountError(f"an agent with e-mail {email} already exists")
    agent = Agent(email=email, role=role, operator_id=operator_id, active=True, failed_logins=0, session_version=0)
    session.add(agent)
    invitation = _issue(agent, now)
    session.commit()
    return invitation


def _existing(session: Session, email: str) -> Agent:
    agent = session.scalar(select(Agent).where(Agent.email == normalize_email(email)))
    if agent is None:
        raise AccountError(f"no agent with e-mail {email}")
    return agent


def end_sessions(agent: Agent) -> None:
    """Make every open session of the account invalid at its next request (the caller commits)."""
    # An SQL expression, not a Python sum: two bumps at once still both move away from the old value.
    agent.session_version = Agent.session_version + 1


def reissue_link(session: Session, email: str, now: datetime) -> Invitation:
    """A new one-time link for an existing account (password reset); the old link and every session end."""
    agent = _existing(session, email)
    invitation = _issue(agent, now)
    end_sessions(agent)  # a reset often means the password leaked: whoever holds a session loses it now
    session.commit()
    return invitation


def deactivate(session: Session, email: str) -> Agent:
    """Close an account: it cannot log in any more and its open sessions end; its audit entries stay."""
    agent = _existing(session, email)
    agent.active = False
    end_sessions(agent)
    session.commit()
    return agent


def agent_for_token(session: Session, token: str, now: datetime) -> Agent | None:
    """The account a set-password token belongs to, if the token is known and not expired."""
    if not token:
        return None
    agent = session.scalar(select(Agent).where(Agent.set_password_token_hash == hash_token(token)))
    if agent is None or not agent.active or _aware(agent.set_password_expiry) <= now:
        return None
    return agent


def set_password(session: Session, agent: Agent, password: str) -> None:
    """Set the password (hashed with scrypt), spend the link, lift any delay and end every open session."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"at least {MIN_PASSWORD} characters")
    agent.password_hash = generate_password_hash(password, method=HASH_METHOD)
    agent.set_password_token_hash = agent.set_password_expiry = None
    agent.failed_logins, agent.locked_until = 0, None
    end_sessions(agent)
    session.commit()


def authenticate(session: Session, email: str, password: str, now: datetime, lockout_after: int) -> Agent:
    """The agent these credentials open; LoginRefused otherwise (failures outside a delay counted)."""
    try:
        email = normalize_email(email)
    except AccountError:
        email = ""
    agent = session.scalar(select(Agent).where(Agent.email == email)) if email else None
    usable = agent is not None and agent.active and bool(agent.password_hash)
    # Always one verification, of the same cost, whatever the account: the answer's timing tells nothing.
    matches = check_password_hash(agent.password_hash if usable else _DUMMY_HASH, password or "")
    delayed = agent is not None and delay_until(agent) is not None and delay_until(agent) > now
    if delayed:
        raise LoginRefused()  # not counted: failures during a delay never lengthen it
    if not (usable and matches):
        if agent is not None:
            agent.failed_logins = (agent.failed_logins or 0) + 1
            lock = lock_duration(agent.failed_logins, lockout_after)
            agent.locked_until = now + lock if lock else None
            session.commit()
        raise LoginRefused()
    agent.failed_logins, agent.locked_until, agent.last_login_at = 0, None, now
    session.commit()
    return agent
