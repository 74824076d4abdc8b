"""The piloting dashboard: figures by period and region, SVG charts beside their tables, CSV exports."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Response, abort, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _

from bookingsite import clock
from bookingsite.core.csv_cells import SafeWriter
from bookingsite.core.text import FIRST_DAY, LAST_DAY, read_day
from bookingsite.extensions import db
from bookingsite.geo import reference
from bookingsite.piloting import (
    messages,  # noqa: F401  (routes)
    no_show,  # noqa: F401  (routes)
    queries,
)
from bookingsite.piloting import presentation as p
from bookingsite.piloting.blueprint import bp
from bookingsite.piloting.coverage import cached_coverage
from bookingsite.piloting.stats import Table, dashboard
from bookingsite.staff.auth import SUPERVISORS, agent_region, current_agent, role_required

PARIS = ZoneInfo("Europe/Paris")  # periods are calendar days in metropolitan time
DEFAULT_DAYS = 365


@bp.app_template_filter("piloting_number")
def _number(value) -> str:
    # Numbers in the reader's locale (1 234,5 in French); the CSV keeps them raw.
    return format_decimal(value)


@dataclass
class Query:
    """The dashboard's GET form, as typed, with its errors."""

    start: str
    end: str
    region: str
    errors: dict


def _parse_day(raw: str, default: date, name: str, errors: dict) -> date:
    try:
        return read_day(raw, default)
    except ValueError:
        errors[name] = _("Enter a date as YYYY-MM-DD, for example 2026-01-31, from %(first)s to %(last)s.",
                         first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())
        return default


def read_filters(now: datetime) -> tuple[Query, queries.Filters]:
    """The period (inclusive days) and region asked for, checked against the agent's scope (403 outside it)."""
    today = now.astimezone(PARIS).date()
    args = {k: request.args.get(k, "").strip()[:20] for k in ("start", "end", "region")}
    errors: dict = {}
    end = _parse_day(args["end"], today, "end", errors)
    start = _parse_day(args["start"], end - timedelta(days=DEFAULT_DAYS - 1), "start", errors)
    if start > end and "start" not in errors:
        errors["start"] = _("The start of the period must be on or before its end.")
        start = end
    own = agent_region(current_agent())
    region = args["region"] or own
    if own is not None and region != own:
        abort(403)  # an operator's supervisor sees their region only
    if region and region not in reference().regions:
        errors["region"] = _("Choose a region from the list.")
        region = own
    query = Query(args["start"] or start.isoformat(), args["end"] or end.isoformat(), region or "", errors)
    period = queries.Filters(datetime.combine(start, time(), PARIS),
                             datetime.combine(end + timedelta(days=1), time(), PARIS), region)
    return query, period


def questionnaire_labels() -> dict[str, str]:
    """Labels of needs, networks and ways of hearing about the service, as the questionnaire names them
    (translated; their choice ids are distinct)."""
    from bookingsite.prequal.loader import current

    q = current()
    labels = {n.id: _(n.name) for n in q.networks.values()}
    for question in (q.question("needs"), q.question("heard_from")):
        labels.update({c.id: _(c.label) for c in (question.choices if question else ())})
    return labels


def build_tables(period: queries.Filters) -> list[Table]:
    """Every table of the dashboard for this period and region, coverage last."""
    session = db.session
    result = dashboard(queries.prequal_rows(session, period), queries.booking_rows(session, period),
                       queries.offer_rows(session, period), queries.feed_statuses(session, period.region), PARIS)
    coverage = cached_coverage(lambda: reference().communes.values(), queries.coverage_sites(session))
    return [*result.tables.values(), p.coverage_table(coverage, period.region)]


def labelled(tables: list[Table]) -> list[dict]:
    """Tables with the labels a person reads: title, headers, row labels, and a chart where it helps."""
    names, qlabels = queries.names(db.session), questionnaire_labels()
    shown = []
    for table in tables:
        labels = [p.row_label(table.key, row[0], names, qlabels) for row in table.rows]
        chart = None
        if table.key in p.CHARTED and table.rows:
            chart = p.bar_chart(labels, [row[1] for row in table.rows])
        shown.append({"table": table, "title": p.TITLES[table.key], "labels": labels, "chart": chart,
                      "headers": [p.COLUMNS[c] for c in table.columns]})
    return shown


@bp.get("/")
@role_required(*SUPERVISORS)
def index():
    """The dashboard."""
    query, period = read_filters(clock.now())
    own = agent_region(current_agent())
    regions = sorted(reference().regions.values(), key=lambda r: r.name)
    if own is not None:
        regions = [r for r in regions if r.code == own]
    tables = labelled(build_tables(period))
    return render_template("piloting/dashboard.html", query=query, regions=regions, national=own is None,
                           sections=tables, errors=query.errors), 422 if query.errors else 200


@bp.get("/export/<key>.csv")
@role_required(*SUPERVISORS)
def export(key: str):
    """One table as CSV: the same rows and numbers as on the page."""
    if key not in p.TITLES:
        abort(404)
    _query, period = read_filters(clock.now())
    section = next(s for s in labelled(build_tables(period)) if s["table"].key == key)
    out = io.StringIO()
    writer = SafeWriter(out)  # names come from the directory and partners: no formula reaches a spreadsheet
    writer.writerow(["id", *[str(h) for h in section["headers"]]])
    for label, row in zip(section["labels"], section["table"].rows):
        writer.writerow([row[0], label, *["" if v is None else v for v in row[1:]]])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{key}.csv"'})
