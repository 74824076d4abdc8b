"""Agent actions on bookings: mark a no-show; export or erase one person's data on request (audited)."""
from __future__ import annotations

import json

from flask import Response, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from bookingsite import clock
from bookingsite.agent.auth import (
    agent_scope_operator_ids,
    audit,
    can_access_site,
    current_agent,
    role_required,
)
from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from bookingsite.piloting import privacy
from bookingsite.piloting.views import bp

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
        audit(agent, "no_show", booking.reference)  # commits the flag and the entry together
    return render_template("piloting/no_show.html", reference="", errors={}, done=booking.reference)


@bp.get("/personal-data")
@role_required(*ANY_AGENT)
def person_form():
    """The form to find one person's bookings, to export or erase their data."""
    return render_template("piloting/person.html", form={}, errors={}, erased=None)


@bp.post("/personal-data")
@role_required(*ANY_AGENT)
def person_action():
    """Export (JSON download) or erase the data of the person with this e-mail and/or phone; audited."""
    agent, now = current_agent(), clock.now()
    form = {k: request.form.get(k, "").strip()[:254] for k in ("email", "phone", "action", "confirm")}
    errors = {}
    try:
        bookings = privacy.person_bookings(db.session, form["email"], form["phone"], agent_scope_operator_ids(agent))
    except privacy.NoContact:
        errors["email"] = _("Enter the person's e-mail address or phone number.")
        bookings = []
    if not errors and form["action"] == "erase" and form["confirm"] != "yes":
        errors["confirm"] = _("Tick the box to confirm the erasure.")
    if not errors and not bookings:
        errors["email"] = _("No booking of your operator holds this e-mail address or phone number.")
    if errors:
        return render_template("piloting/person.html", form=form, errors=errors, erased=None), 422
    if form["action"] == "erase":
        references = [b.reference for b in bookings]
        count = privacy.erase(db.session, bookings, now)
        for reference in references:
            audit(agent, "privacy_erase", reference)
        return render_template("piloting/person.html", form={}, errors={}, erased=count)
    document = privacy.export_document(bookings, now)
    for booking in bookings:
        audit(agent, "privacy_export", booking.reference)
    return Response(json.dumps(document, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="personal-data.json"',
                             "Cache-Control": "no-store"})
