"""Mark a booking as a no-show (agents, audited): the piloting figures count no-shows."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from bookingsite import clock
from bookingsite.booking.events import announce_change, record_change
from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from bookingsite.piloting.blueprint import bp
from bookingsite.staff.auth import audit, can_access_site, current_agent, role_required

ANY_AGENT = ("agent", "supervisor", "admin")


@bp.get("/no-show")
@role_required(*ANY_AGENT)
def no_show_form():
    """The form to mark a booking as a no-show."""
    return render_template("piloting/no_show.html", reference="", errors={}, done=None)


@bp.post("/no-show")
@role_required(*ANY_AGENT)
def no_show():
    """Mark a past, confirmed booking of the agent's scope as a no-show (audited)."""
    agent, now = current_agent(), clock.now()
    reference = request.form.get("reference", "").strip().upper()[:32]
    booking = db.session.scalar(select(Booking).where(Booking.reference == reference)) if reference else None
    errors = {}
    if booking is None or not can_access_site(agent, booking.site):
        errors["reference"] = _("No booking of your operator has this reference.")
    elif booking.status != "confirmed" or booking.start > now:
        errors["reference"] = _("Only a confirmed appointment that has started can be marked as a no-show.")
    if errors:
        return render_template("piloting/no_show.html", reference=reference, errors=errors, done=None), 422
    if not booking.no_show:
        booking.no_show = True
        db.session.add(booking)
        record_change(booking.id, "no_show", now)  # messaging sends nothing for it; webhooks follow it
        audit(agent, "no_show", booking.reference)  # commits the flag, the entry and the webhooks together
        announce_change(booking.id, "no_show", now)
    return render_template("piloting/no_show.html", reference="", errors={}, done=booking.reference)
