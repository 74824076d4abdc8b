"""The messages given up on (the outbox's failed rows): what, about which booking, why, and a "retry" button."""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from bookingsite import clock
from bookingsite.core.queue import enqueue
from bookingsite.extensions import db
from bookingsite.messaging import outbox
from bookingsite.models.outbox import OutboxMessage
from bookingsite.piloting.blueprint import bp
from bookingsite.staff.auth import SUPERVISORS, agent_region, current_agent, role_required

WHAT = {"caldav": _l("Copy in the operator's calendar (CalDAV)"), "itip": _l("E-mail invitation to the site"),
        "mail": _l("E-mail to the person"), "sms": _l("Text message to the person"),
        "webhook": _l("Webhook to a subscriber's server")}
WHY = {"caldav": _l("The calendar server refused the copy or could not be reached."),
       "itip": _l("The mail server refused the message or could not be reached."),
       "mail": _l("The mail server refused the message or could not be reached."),
       "sms": _l("The text message gateway refused the message or could not be reached."),
       "webhook": _l("The subscriber's server refused the webhook or could not be reached.")}
CHANGE = {"confirmed": _l("Booking confirmed"), "rescheduled": _l("Booking moved"),
          "cancelled": _l("Booking cancelled"), "no_show": _l("Marked as a no-show"),
          "finished": _l("Questionnaire finished"), "anonymised": _l("Personal data erased"),
          "reminder": _l("Day-before reminder")}


def _in_scope(row: OutboxMessage, region: str | None) -> bool:
    if region is None:
        return True
    return row.booking is not None and row.booking.site.region_code == region  # a questionnaire's: national only


@bp.get("/messages")
@role_required(*SUPERVISORS)
def failed_messages():
    """The messages the outbox gave up on, in the supervisor's region."""
    rows = outbox.failed_messages(agent_region(current_agent()))
    return render_template("piloting/messages.html", rows=rows, what=WHAT, why=WHY, change=CHANGE)


@bp.post("/messages/<int:row_id>/retry")
@role_required(*SUPERVISORS)
def retry_message(row_id: int):
    """Give a failed message a new round of attempts, delivered by the queue."""
    row = db.session.get(OutboxMessage, row_id)
    if row is None or not _in_scope(row, agent_region(current_agent())):
        abort(404)
    if outbox.retry(row_id, clock.now()):
        enqueue("deliver_message", row_id)
    return redirect(url_for("piloting.failed_messages", retried=row_id), code=303)
