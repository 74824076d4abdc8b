"""Demo mode only: the demo agendas' iCalendar feeds, served by the site itself so booking works offline."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Response, abort

from bookingsite.clock import now
from bookingsite.directory.blueprint import bp
from bookingsite.directory.demo_feeds import demo_feed
from bookingsite.extensions import current_settings, db
from bookingsite.models import Agenda


@bp.get("/demo/feeds/<agenda_id>.ics")
def demo_agenda_feed(agenda_id: str):
    """The generated busy calendar of a demo agenda (404 outside demo mode)."""
    if not current_settings().demo:
        abort(404)
    agenda = db.session.get(Agenda, agenda_id)
    if agenda is None:
        abort(404)
    zone = agenda.site.timezone
    body = demo_feed(agenda.id, zone, now().astimezone(ZoneInfo(zone)).date())
    return Response(body, mimetype="text/calendar")
