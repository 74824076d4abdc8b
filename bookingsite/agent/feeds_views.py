"""The operators' feed health view: each agenda's last success, last error in plain words, events count."""
from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l

from bookingsite import clock
from bookingsite.agent.blueprint import bp
from bookingsite.availability.feed_health import feed_health
from bookingsite.extensions import current_settings
from bookingsite.staff.auth import agent_scope_operator_ids, current_agent, role_required

# FeedError codes -> what an operator can act on (the stored English reason is shown as the detail).
REASONS = {
    "empty": _l("The calendar address returns an empty file."),
    "html": _l("The calendar address returns a web page, not a calendar: the link may require a login or be "
               "a sharing page rather than the iCal address."),
    "not_ical": _l("The file at this address is not an iCalendar (.ics) calendar."),
    "malformed": _l("The calendar file is damaged and cannot be read."),
    "broken_dates": _l("An event of the calendar has dates that cannot be read."),
    "bad_rule": _l("A repeating event of the calendar has a repeat rule that cannot be read."),
    "bad_timezone": _l("The calendar names a time zone that does not exist."),
    "too_many": _l("The calendar has far too many events to be an agenda."),
    "bad_url": _l("The calendar address is not a web address (http or https)."),
    "private_address": _l("The calendar address points to a private network, which is not allowed."),
    "dns": _l("The server of the calendar address cannot be found."),
    "timeout": _l("The calendar server answers too slowly."),
    "connection": _l("The calendar server cannot be reached."),
    "http_status": _l("The calendar server answered with an error."),
    "too_large": _l("The calendar file is too large."),
    "redirects": _l("The calendar address redirects too many times."),
}
# Where we could not connect: the translated reason says all, and the stored detail may predate issue 14, when it
# named the internal address a server name pointed to. Only the calendar's own problems show their detail.
CONNECTION_CODES = frozenset({"bad_url", "private_address", "dns", "timeout", "connection", "too_large",
                              "redirects", "fetch"})
FRESHNESS = {
    "fresh": _l("Up to date"),
    "stale": _l("Out of date: the last good copy is used"),
    "expired": _l("Too old: no online booking"),
    "missing": _l("Never read: no online booking"),
    "none": _l("No calendar"),
}


@bp.get("/feeds/health")
@role_required()
def health():
    """Every agenda with a feed, in the agent's scope (national agents see them all)."""
    scope = agent_scope_operator_ids(current_agent())
    operator_id = next(iter(scope)) if scope else None
    rows = feed_health(clock.now(), current_settings(), operator_id=operator_id)
    return render_template("agent/feeds_health.html", rows=rows, reasons=REASONS, freshness=FRESHNESS,
                           connection_codes=CONNECTION_CODES)
