"""The audit log page: read-only, for supervisors and admins (scoped to their operator's agents)."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import select

from bookingsite.agent.blueprint import bp
from bookingsite.extensions import db
from bookingsite.models.agent import Agent, AuditEntry
from bookingsite.staff.auth import SUPERVISORS, agent_scope_operator_ids, current_agent, role_required

PAGE = 100


@bp.get("/audit")
@role_required(*SUPERVISORS)
def audit_log():
    """The latest audit entries (who, what, when, which booking); there is no way to edit them."""
    query = select(AuditEntry, Agent.email).outerjoin(Agent, Agent.id == AuditEntry.agent_id)
    scope = agent_scope_operator_ids(current_agent())
    if scope is not None:  # a regional supervisor reads the log of their own operator's agents
        query = query.where(Agent.operator_id.in_(scope))
    reference = request.args.get("reference", "").strip().upper()[:32]
    if reference:
        query = query.where(AuditEntry.booking_reference == reference)
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    rows = db.session.execute(query.order_by(AuditEntry.id.desc()).offset((page - 1) * PAGE).limit(PAGE + 1)).all()
    return render_template("agent/audit.html", rows=rows[:PAGE], page=page, more=len(rows) > PAGE,
                           reference=reference)
