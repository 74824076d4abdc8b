"""Agent authentication for every feature: Flask-Login set-up, ``role_required``, scope checks, ``audit``.

Public API (other features import these):
- ``role_required(*roles)``: view decorator; logged out -> redirect to /agent/login, wrong role -> 403.
  Without roles, any logged-in agent passes. Roles are not ranked: list every role that may pass.
- ``current_agent()``: the logged-in ``Agent`` or None.
- ``agent_scope_operator_ids(agent)``: the operator ids the agent may see, or None for a national agent (all).
- ``agent_region(agent)``: the region code of the agent's operator, or None for a national agent.
- ``can_access_site(agent, site)``: whether the agent may see and book this site.
- ``audit(agent, action, booking_reference=None, **details)``: append one entry to the audit log (committed).
"""
from __future__ import annotations

import functools
from datetime import datetime, timedelta

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from flask_login import current_user, logout_user

from bookingsite import clock
from bookingsite.extensions import db, login_manager
from bookingsite.models.agent import Agent, AuditEntry
from bookingsite.models.directory import Operator

SEEN = "agent_seen"  # session key: the last request of a logged-in agent (inactivity timeout)
# Keys that would put personal data in the audit log, which must hold none.
PERSONAL = frozenset({"name", "email", "phone", "password", "address", "answers"})


def init_app(app: Flask) -> None:
    """Bind Flask-Login to the app: strong session protection, agent loader, inactivity timeout."""
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "staff.login"
    login_manager.login_message = None  # the login page says what it needs to
    app.before_request(_expire_idle_session)
    app.context_processor(lambda: {"current_agent": current_agent})


@login_manager.user_loader
def _load_agent(agent_id: str) -> Agent | None:
    agent = db.session.get(Agent, agent_id)
    return agent if agent is not None and agent.active else None


@login_manager.unauthorized_handler
def _unauthorized():
    return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))


def _expire_idle_session() -> None:
    """Log out an agent idle for longer than BOOKINGSITE_AGENT_SESSION_MIN; stamp the others."""
    # The app context (and g with Flask-Login's cache) can outlive one request (tests, CLI): load afresh.
    g.pop("_login_user", None)
    if "_user_id" not in session:
        return  # a visitor of the public site: leave the session alone
    now = clock.now()
    seen = session.get(SEEN)
    limit = timedelta(minutes=current_app.config["BOOKINGSITE_AGENT_SESSION_MIN"])
    if seen and now - datetime.fromisoformat(seen) > limit:
        logout_user()
        session.pop(SEEN, None)
        session["agent_expired"] = True
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
