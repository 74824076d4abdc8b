"""Agent accounts: creation, one-time set-password links, login with lockout and back-off.

No Flask here: callers pass the session, ``now`` and the settings.
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

LOCK_BASE = timedelta(minutes=5)  # the first lock; each further failure doubles it
LOCK_MAX = timedelta(hours=24)
LINK_VALID = timedelta(hours=72)
MIN_PASSWORD = 12
# Checked against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-password-" + secrets.token_hex(8))


class AccountError(ValueError):
    """An account cannot be created or changed as asked (the message says why)."""


class LoginRefused(Exception):
    """Wrong e-mail or password, or an inactive account (deliberately not told apart)."""


class AccountLocked(Exception):
    """Too many failed logins: the account is locked until ``until``."""

    def __init__(self, until: datetime):
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


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
    """How long to lock after ``failures`` failed logins in a row: none below the threshold, then doubling."""
    if failures < threshold:
        return None
    return min(LOCK_BASE * 2 ** (failures - threshold), LOCK_MAX)


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
    agent = Agent(email=email, role=role, operator_id=operator_id, active=True, failed_logins=0)
    session.add(agent)
    invitation = _issue(agent, now)
    session.commit()
    return invitation


def reissue_link(session: Session, email: str, now: datetime) -> Invitation:
    """A new one-time link for an existing account (forgotten password); the old link stops working."""
    agent = session.scalar(select(Agent).where(Agent.email == normalize_email(email)))
    if agent is None:
        raise AccountError(f"no agent with e-mail {email}")
    invitation = _issue(agent, now)
    session.commit()
    return invitation


def agent_for_token(session: Session, token: str, now: datetime) -> Agent | None:
    """The account a set-password token belongs to, if the token is known and not expired."""
    if not token:
        return None
    agent = session.scalar(select(Agent).where(Agent.set_password_token_hash == hash_token(token)))
    if agent is None or not agent.active or _aware(agent.set_password_expiry) <= now:
        return None
    return agent


def set_password(session: Session, agent: Agent, password: str) -> None:
    """Set the password (hashed with scrypt), spend the link and lift any lock."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"at least {MIN_PASSWORD} characters")
    agent.password_hash = generate_password_hash(password, method="scrypt")
    agent.set_password_token_hash = agent.set_password_expiry = None
    agent.failed_logins, agent.locked_until = 0, None
    session.commit()


def authenticate(session: Session, email: str, password: str, now: datetime, lockout_after: int) -> Agent:
    """The agent these credentials open; LoginRefused or AccountLocked otherwise (failures counted)."""
    try:
        email = normalize_email(email)
    except AccountError:
        email = ""
    agent = session.scalar(select(Agent).where(Agent.email == email)) if email else None
    if agent is not None and _aware(agent.locked_until) and _aware(agent.locked_until) > now:
        raise AccountLocked(_aware(agent.locked_until))
    stored = agent.password_hash if agent is not None and agent.password_hash else _DUMMY_HASH
    if not check_password_hash(stored, password or "") or agent is None or not agent.active \
            or not agent.password_hash:
        if agent is not None:
            agent.failed_logins = (agent.failed_logins or 0) + 1
            lock = lock_duration(agent.failed_logins, lockout_after)
            agent.locked_until = now + lock if lock else None
            session.commit()
        raise LoginRefused()
    agent.failed_logins, agent.locked_until, agent.last_login_at = 0, None, now
    session.commit()
    return agent
