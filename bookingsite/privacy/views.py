"""One person's data on request: export or erase (staff, audited); the privacy notice."""
from __future__ import annotations

import json

from flask import Response, render_template, request
from flask_babel import gettext as _

from bookingsite import clock
from bookingsite.booking.errors import InvalidContact
from bookingsite.core.security import private
from bookingsite.extensions import current_settings, db
from bookingsite.privacy import copies, personal_data
from bookingsite.privacy.blueprint import bp
from bookingsite.staff.auth import (
    SUPERVISORS,
    agent_scope_operator_ids,
    audit,
    current_agent,
    role_required,
)
from bookingsite.vocabulary import PRIVACY_NOTICE_VERSION

# Exporting or erasing a person's whole record is a data-protection act, not desk work: supervisors only.


@bp.get("/piloting/personal-data")
@role_required(*SUPERVISORS)
@private
def person_form():
    """The form to find one person's bookings, to export or erase their data."""
    return render_template("privacy/person.html", form={}, errors={}, erased=None)


@bp.post("/piloting/personal-data")
@role_required(*SUPERVISORS)
@private
def person_action():
    """Export (JSON download) or erase the data of the person with this e-mail and/or phone; audited."""
    agent, now = current_agent(), clock.now()
    form = {k: request.form.get(k, "").strip()[:254] for k in ("email", "phone", "action", "confirm")}
    errors = {}
    try:
        bookings = personal_data.person_bookings(db.session, form["email"], form["phone"],
                                                 agent_scope_operator_ids(agent))
    except personal_data.NoContact:
        errors["email"] = _("Enter the person's e-mail address or phone number.")
        bookings = []
    except InvalidContact as exc:
        errors[exc.field] = _(exc.message)
        bookings = []
    if not errors and form["action"] == "erase" and form["confirm"] != "yes":
        errors["confirm"] = _("Tick the box to confirm the erasure.")
    if not errors and not bookings:
        errors["email"] = _("No booking of your operator holds this e-mail address or phone number.")
    if errors:
        return render_template("privacy/person.html", form=form, errors=errors, erased=None), 422
    if form["action"] == "erase":
        ids, references = [b.id for b in bookings], [b.reference for b in bookings]
        addresses = {b.email for b in bookings if b.email}
        count = personal_data.erase(db.session, bookings, now)
        for reference in references:
            audit(agent, "privacy_erase", reference, by=_identifiers(form))
        copies.clean_copies(ids, references, addresses, now, current_settings())  # after the commit: the database comes first
        return render_template("privacy/person.html", form={}, errors={}, erased=count)
    document = personal_data.export_document(bookings, now)
    for booking in bookings:
        audit(agent, "privacy_export", booking.reference, by=_identifiers(form))
    return Response(json.dumps(document, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="personal-data.json"',
                             "Cache-Control": "no-store"})


def _identifiers(form: dict) -> str:
    # Which identifiers found the bookings (never their values: the audit log holds no personal data).
    return "+".join(k for k in ("email", "phone") if form[k]) or "-"


@bp.get("/privacy")
def notice():
    """The privacy notice."""
    return render_template("privacy/notice.html", privacy_version=PRIVACY_NOTICE_VERSION)
