"""The audit log page: read-only, for supervisors and admins (scoped to their operator's agents), in words."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import render_template, request
from flask_babel import format_date, format_time, get_locale, gettext, ngettext
from sqlalchemy import select

from bookingsite.agent.audit_words import CHANNELS, OTHER, OTHER_ON_BOOKING, SEARCH_KINDS, wording
from bookingsite.agent.blueprint import bp
from bookingsite.booking.reference import display_reference
from bookingsite.extensions import db
from bookingsite.models import Site
from bookingsite.models.agent import Agent, AuditEntry
from bookingsite.staff.auth import SUPERVISORS, agent_scope_operator_ids, current_agent, role_required

PAGE = 100
PARIS = "Europe/Paris"  # the zone of an entry's times when its site is gone
DAY = "d MMMM y"  # "2 décembre 2026", "2 December 2026" (British order, not babel's American "long")


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
    site = sites.get(details.get("site_id"))
    values = {}
    if "kind" in needs:
        count = int(details["results"])
        values["how"] = gettext(SEARCH_KINDS[details["kind"]])
        values["results"] = ngettext("%(num)s result", "%(num)s results", count)
    if "via" in needs:
        values["via"] = gettext(CHANNELS[details["via"]])
    if "day" in needs:
        values["day"] = format_date(date.fromisoformat(details["day"]), DAY)
        values["site"] = site.name if site else gettext("a site since removed")
    if "old_start" in needs:
        zone = ZoneInfo(site.timezone if site else PARIS)
        values["old"] = _when(datetime.fromisoformat(details["old_start"]).astimezone(zone))
        values["new"] = _when(datetime.fromisoformat(details["new_start"]).astimezone(zone))
    return values


def _when(moment: datetime) -> str:
    """A local date and time in words: "2 décembre 2026 à 9 h 30", "2 December 2026 at 09:30"."""
    return gettext("%(day)s at %(time)s", day=format_date(moment.date(), DAY), time=clock_time(moment))


def clock_time(moment: datetime) -> str:
    """The time of day as French typography writes it ("9 h 30", "14 h"), or 24-hour British style ("09:30")."""
    if str(get_locale() or "fr").startswith("fr"):
        return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"
    return format_time(moment, "HH:mm", rebase=False)
