"""Agent authentication for every feature: Flask-Login set-up, ``role_required``, scope checks, ``audit``.

Public API (other features import these):
- ``role_required(*roles)``: view decorator; logged out -> redirect to /agent/login, wrong role -> 403.
  Without roles, any logged-in agent passes. Roles are not ranked: list every role that may pass.
- ``current_agent()``: the logged-in ``Agent`` or None.
- ``agent_scope_operator_ids(agent)``: the operator ids the agent may see, or None for a national agent (all).
- ``agent_region(agent)``: the region code of the agent's operator, or None for a national agent.
- ``can_access_site(agent, site)``: whether the agent may see and book this site.
- ``audit(agent, action, booking_reference=None, **details)``: append one entry to the audit log (committed).
- ``start_session(agent, now)`` / ``end_session(reason)``: log in and out (the staff login views use them).

A session ends at the first request after any of: the account's session version changed (logout anywhere,
password reset, deactivation), BOOKINGSITE_AGENT_SESSION_MAX_H since the login, BOOKINGSITE_AGENT_SESSION_MIN
without a request. Every staff response (the login pages and any ``role_required`` view) is ``no-store``.
"""
from __future__ import annotations

import functools
from datetime import datetime, timedelta

from flask import Flask, abort, g, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from bookingsite import clock
from bookingsite.core.security import mark_private
from bookingsite.extensions import current_settings, db, login_manager
from bookingsite.models.agent import Agent, AuditEntry
from bookingsite.models.directory import Operator

SEEN = "agent_seen"  # session key: the last request of a logged-in agent (inactivity timeout)
SINCE = "agent_since"  # session key: the login instant (absolute lifetime)
VERSION = "agent_sv"  # session key: the account's session version at login
ENDED = "agent_ended"  # session key: why the last session ended (idle | max | revoked), for the login page
# Keys that would put personal data in the audit log, which must hold none.
SUPERVISORS = ("supervisor", "admin")  # the roles that see figures, failures and personal data

PERSONAL = frozenset({"name", "email", "phone", "password", "address", "answers"})


def init_app(app: Flask) -> None:
    """Bind Flask-Login to the app: strong session protection, agent loader, session checks."""
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "staff.login"
    login_manager.login_message = None  # the login page says what it needs to
    app.before_request(_check_session)
    app.context_processor(lambda: {"current_agent": current_agent})


@login_manager.user_loader
def _load_agent(agent_id: str) -> Agent | None:
    agent = db.session.get(Agent, agent_id)
    return agent if agent is not None and agent.active else None


@login_manager.unauthorized_handler
def _unauthorized():
    return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))


def start_session(agent: Agent, now: datetime) -> None:
    """Log the agent in, in a fresh session stamped with the login time and the account's session version."""
    lang = session.get("lang")
    session.clear()  # nothing from before the login survives it
    if lang:
        session["lang"] = lang
    login_user(agent)
    session[VERSION] = agent.session_version
    session[SINCE] = session[SEEN] = now.isoformat()


def end_session(reason: str | None = None) -> None:
    """Log out of this session; ``reason`` (idle, max, revoked) is kept for the login page to explain."""
    logout_user()
    for key in (SEEN, SINCE, VERSION):
        session.pop(key, None)
    if reason:
        session[ENDED] = reason


def session_end_reason(data, agent: Agent | None, now: datetime, idle: timedelta, longest: timedelta) -> str | None:
    """Why this session may not go on (revoked, idle, max), or None while it is valid."""
    if agent is None or not agent.active or data.get(VERSION) != agent.session_version:
        return "revoked"
    seen, since = data.get(SEEN), data.get(SINCE)
    if seen and now - datetime.fromisoformat(seen) > idle:
        return "idle"
    if not since or now - datetime.fromisoformat(since) > longest:
        return "max"
    return None


def _check_session() -> None:
    """End a session that was revoked, idle too long or open too long; stamp the others."""
    # The app context (and g with Flask-Login's cache) can outlive one request (tests, CLI): load afresh.
    g.pop("_login_user", None)
    if "_user_id" not in session:
        return  # a visitor of the public site: leave the session alone
    now, settings = clock.now(), current_settings()
    agent = db.session.get(Agent, session["_user_id"], populate_existing=True)
    reason = session_end_reason(session, agent, now, timedelta(minutes=settings.agent_session_min),
                                timedelta(hours=settings.agent_session_max_h))
    if reason:
        end_session(reason)
        return
    session[SEEN] = now.isoformat()


def current_agent() -> Agent | None:
    """The logged-in agent, or None."""
    user = current_user._get_current_object() if current_user else None
    return user if isinstance(user, Agent) else None


def role_required(*roles: str):
    """Decorator: only logged-in agents whose role is among ``roles`` (any role when none are given)."""
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            mark_private()  # a staff page is no-store, and so are the redirect to the login and the 403 page
            agent = current_agent()
            if agent is None:
                return login_manager.unauthorized()
            if roles and agent.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorate


def agent_scope_operator_ids(agent: Agent) -> set[str] | None:
    """The operators whose sites the agent may see; None for a national agent, who sees them all."""
    return None if agent.operator_id is None else {agent.operator_id}


def agent_region(agent: Agent) -> str | None:
    """The region of the agent's operator; None for a national agent; "-" (no region) if the operator is gone."""
    if agent.operator_id is None:
        return None
    operator = db.session.get(Operator, agent.operator_id)
    return operator.region_code if operator else "-"


def can_access_site(agent: Agent, site) -> bool:
    """Whether the agent may see this site and book in it."""
    scope = agent_scope_operator_ids(agent)
    return site is not None and (scope is None or site.operator_id in scope)


def audit(agent: Agent | None, action: str, booking_reference: str | None = None, **details) -> AuditEntry:
    """Append one entry (who, what, when, which booking) to the audit log and commit it."""
    leaked = PERSONAL.intersection(details)
    if leaked:
        raise ValueError(f"personal data has no place in the audit log: {sorted(leaked)}")
    entry = AuditEntry(at=clock.now(), agent_id=agent.id if agent is not None else None, action=action[:40],
                       booking_reference=booking_reference, details=details)
    db.session.add(entry)
    db.session.commit()
    return entry
