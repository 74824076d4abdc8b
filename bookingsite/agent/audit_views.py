"""The audit log page: read-only, for supervisors and admins (scoped to their operator's agents), in words."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import render_template, request
from flask_babel import get_locale, gettext, ngettext
from sqlalchemy import select

from bookingsite.agent.audit_words import CHANNELS, OTHER, OTHER_ON_BOOKING, SEARCH_KINDS, wording
from bookingsite.agent.blueprint import bp
from bookingsite.booking.reference import display_reference
from bookingsite.extensions import db
from bookingsite.formats import day_and_time, long_date
from bookingsite.models import Site
from bookingsite.models.agent import Agent, AuditEntry
from bookingsite.staff.auth import SUPERVISORS, agent_scope_operator_ids, current_agent, role_required
from bookingsite.vocabulary import DEFAULT_LOCALE

PAGE = 100
PARIS = "Europe/Paris"  # the zone of an entry's times when its site is gone


@bp.get("/audit")
@role_required(*SUPERVISORS)
def audit_log():
    """The latest audit entries (when, and who did what in a sentence); there is no way to edit them."""
    query = select(AuditEntry, Agent.email).outerjoin(Agent, Agent.id == AuditEntry.agent_id)
    scope = agent_scope_operator_ids(current_agent())
    if scope is not None:  # a regional supervisor reads the log of their own operator's agents
        query = query.where(Agent.operator_id.in_(scope))
    reference = request.args.get("reference", "").strip().upper().replace("-", "").replace(" ", "")[:32]
    if reference:
        query = query.where(AuditEntry.booking_reference == reference)
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    rows = db.session.execute(query.order_by(AuditEntry.id.desc()).offset((page - 1) * PAGE).limit(PAGE + 1)).all()
    shown = rows[:PAGE]
    sites = _sites({(entry.details or {}).get("site_id") for entry, _email in shown})
    entries = [(entry, sentence(entry, email, sites)) for entry, email in shown]
    return render_template("agent/audit.html", entries=entries, page=page, more=len(rows) > PAGE,
                           reference=reference)


def _sites(ids: set) -> dict[str, Site]:
    wanted = {i for i in ids if isinstance(i, str)}
    return {s.id: s for s in db.session.scalars(select(Site).where(Site.id.in_(wanted)))} if wanted else {}


def sentence(entry: AuditEntry, email: str | None, sites: dict[str, Site]) -> str:
    """What the entry says happened, in the current language; generic when its details cannot be read."""
    details = entry.details or {}
    agent = email or gettext("An account since removed")
    reference = display_reference(entry.booking_reference or "")
    chosen = wording(entry.action, entry.booking_reference, details)
    try:
        return gettext(chosen.msgid, agent=agent, reference=reference, **_values(chosen.needs, details, sites))
    except (KeyError, TypeError, ValueError):  # an entry written by an older version: say less, never fail
        generic = OTHER_ON_BOOKING if entry.booking_reference else OTHER
        return gettext(generic.msgid, agent=agent, reference=reference)


def _values(needs: tuple[str, ...], details: dict, sites: dict[str, Site]) -> dict[str, str]:
    """The words for the details a sentence needs."""
    site, language = sites.get(details.get("site_id")), str(get_locale() or DEFAULT_LOCALE)
    values = {}
    if "kind" in needs:
        count = int(details["results"])
        values["how"] = gettext(SEARCH_KINDS[details["kind"]])
        values["results"] = ngettext("%(num)s result", "%(num)s results", count)
    if "via" in needs:
        values["via"] = gettext(CHANNELS[details["via"]])
    if "day" in needs:
        values["day"] = long_date(date.fromisoformat(details["day"]), language)
        values["site"] = site.name if site else gettext("a site since removed")
    if "old_start" in needs:
        zone = ZoneInfo(site.timezone if site else PARIS)
        values["old"] = day_and_time(datetime.fromisoformat(details["old_start"]).astimezone(zone), language)
        values["new"] = day_and_time(datetime.fromisoformat(details["new_start"]).astimezone(zone), language)
    return values
