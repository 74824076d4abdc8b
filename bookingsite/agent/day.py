"""The day view: a site's bookings of one day, with the questionnaire summary the advisor reads."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from bookingsite import clock
from bookingsite.agent.blueprint import bp
from bookingsite.agent.desk import ANY_AGENT
from bookingsite.core.errors import render_error
from bookingsite.core.text import FIRST_DAY, LAST_DAY, read_day
from bookingsite.extensions import db
from bookingsite.folding import fold
from bookingsite.models import Operator, Site
from bookingsite.models.booking import Booking
from bookingsite.prequal.service import get_prequal, outcome_of
from bookingsite.staff.auth import (
    agent_scope_operator_ids,
    audit,
    can_access_site,
    current_agent,
    role_required,
)


@dataclass(frozen=True)
class OperatorSites:
    """One operator and its sites, as the site picker groups them."""

    operator: Operator
    sites: tuple[Site, ...]


def site_groups(agent) -> list[OperatorSites]:
    """The sites the agent may see, grouped by operator: the agent's own operator first, then by name.

    Sorted in Python on folded names: "Île-de-France" among the I's on SQLite and PostgreSQL alike, whatever
    the database's collation.
    """
    scope = agent_scope_operator_ids(agent)
    query = select(Site, Operator).join(Operator, Operator.id == Site.operator_id)
    if scope is not None:
        query = query.where(Site.operator_id.in_(scope))
    groups: dict[str, tuple[Operator, list[Site]]] = {}
    for site, operator in db.session.execute(query):
        groups.setdefault(operator.id, (operator, []))[1].append(site)
    ordered = sorted(groups.values(), key=lambda g: (g[0].id != agent.operator_id, fold(g[0].name), g[0].id))
    return [OperatorSites(operator, tuple(sorted(sites, key=lambda s: (fold(s.name), s.id))))
            for operator, sites in ordered]


def _rows(site: Site, day: date) -> list[tuple]:
    """(booking, local start, summary) for the site's confirmed bookings of that local day."""
    zone = ZoneInfo(site.timezone)
    begin = datetime.combine(day, time.min, zone)
    query = select(Booking).where(Booking.site_id == site.id, Booking.status == "confirmed",
                                  Booking.start >= begin, Booking.start < begin + timedelta(days=1))
    rows = []
    for booking in db.session.scalars(query.order_by(Booking.start)):
        prequal = get_prequal(booking.prequal_id) if booking.prequal_id else None
        rows.append((booking, booking.start.astimezone(zone), outcome_of(prequal).summary if prequal else ()))
    return rows


@bp.get("/day")
@role_required(*ANY_AGENT)
def day():
    """Pick a site and a day; list its appointments with what each caller answered."""
    agent = current_agent()
    groups = site_groups(agent)
    site = db.session.get(Site, request.args.get("site", "")[:64]) if request.args.get("site") else None
    if request.args.get("site") and site is None:
        abort(404)
    if site is not None and not can_access_site(agent, site):
        abort(403)
    today = clock.now().astimezone(ZoneInfo(site.timezone if site else "Europe/Paris")).date()
    try:
        chosen = read_day(request.args.get("date"), today)
    except ValueError:
        return render_error(400, "bad_date", _("Enter a date written YYYY-MM-DD, from %(first)s to %(last)s.",
                                               first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()))
    rows = _rows(site, chosen) if site is not None else []
    if site is not None:
        audit(agent, "day_viewed", site_id=site.id, day=chosen.isoformat(), bookings=len(rows))
    return render_template("agent/day.html", groups=groups, site=site, day=chosen, rows=rows,
                           previous=chosen - timedelta(days=1), following=chosen + timedelta(days=1))
