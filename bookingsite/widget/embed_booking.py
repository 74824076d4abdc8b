"""The embedded flow's last pages: choose a time, give contact details, book (channel widget), confirmation."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, redirect, request, url_for
from flask_babel import format_datetime, gettext
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bookingsite import clock
from bookingsite.booking import pages
from bookingsite.booking.errors import BookingError, InvalidContact, SlotTaken
from bookingsite.booking.offer import modality_for
from bookingsite.booking.picker import find_slot, parse_day, shape_picker
from bookingsite.booking.reference import display_reference
from bookingsite.core.inputs import own_text_check
from bookingsite.core.security import private
from bookingsite.extensions import csrf, current_settings, db
from bookingsite.models.directory import Partner, Site
from bookingsite.prequal.service import advice_for, get_prequal, outcome_of, preferred_times
from bookingsite.widget import services
from bookingsite.widget.blueprint import bp
from bookingsite.widget.embed import posted, render_flow, render_plain
from bookingsite.widget.state import FlowState, InvalidState

DAYS_SHOWN = 7
DONE_SALT = "bookingsite.widget.done"


def _slot_context(state: FlowState, modality: str | None, more: str | None = None, selected: str | None = None
                  ) -> dict:
    """Everything the slot page shows: the type, and the picker of the site's free times (one way of meeting)."""
    site = db.session.get(Site, state.site)
    row = get_prequal(state.prequal) if state.prequal else None
    if site is None or row is None:
        raise InvalidState("flow")
    found = outcome_of(row)
    kind = services.appointment_type_for(db.session, found.appointment_type, site)
    offered = pages.offered_modalities(site, kind) if kind else []
    # The way of meeting asked for, else the questionnaire's, else the earliest free time's.
    wanted = modality if modality in offered else modality_for(site.modalities, offered, found.modality)
    free = services.free_slots(site, kind, wanted, clock.now(), current_settings()) if offered else []
    slots = pages.choices(free, site.timezone)
    picker = shape_picker(slots, offered, wanted, more=parse_day(more), selected=selected, max_days=DAYS_SHOWN,
                          preferred=preferred_times(row))
    return {"site": site, "outcome": found, "kind": kind, "picker": picker,
            "slots": [s for s in slots if s.modality == picker.modality]}


def slots_page(state: FlowState, partner: Partner, modality: str | None = None, more: str | None = None,
               selected: str | None = None, status: int = 200, **context):
    """The free times of the chosen site, a few per day, for one way of meeting."""
    return render_flow("widget/embed_slots.html", state, partner, status,
                       **_slot_context(state, modality, more, selected), **context)


@bp.post("/embed/slot")
@csrf.exempt  # the flow's own signed token replaces the cookie-bound one (see state.py)
def embed_slot():
    """Change the way of meeting or show a whole day, or keep the time chosen and ask for contact details."""
    state, partner = posted()
    form = request.form
    modality, more, selected = form.get("modality") or form.get("shown_modality"), form.get("more"), form.get("slot")
    if form.get("action") != "choose":
        return slots_page(state, partner, modality=modality, more=more, selected=selected)
    context = _slot_context(state, modality, more, selected)
    slot = find_slot(context.pop("slots"), selected)
    if slot is None:
        errors = {"slot": gettext("Choose a time.")}
        return render_flow("widget/embed_slots.html", state, partner, 422, errors=errors, **context)
    state = state.but(slot={"start": slot.start.isoformat(), "modality": slot.modality, "type": context["kind"].id})
    return contact_page(state, partner)


def contact_page(state: FlowState, partner: Partner, status: int = 200, errors: dict | None = None,
                 typed: dict | None = None):
    """The contact form for the time chosen (what was typed comes back on error, never through the state)."""
    site = db.session.get(Site, state.site)
    start = datetime.fromisoformat(state.slot["start"]).astimezone(ZoneInfo(site.timezone))
    return render_flow("widget/embed_contact.html", state, partner, status, site=site, start=start,
                       modality=state.slot["modality"], errors=errors or {}, typed=typed or {})


def done_token(reference: str, state: FlowState, secret: str) -> str:
    """What the confirmation page needs, signed: the reference, the partner, the language, the parent origin."""
    return URLSafeTimedSerializer(secret, salt=DONE_SALT).dumps(
        {"reference": reference, "partner": state.partner, "lang": state.lang, "origin": state.origin})


@bp.get("/embed/done")
@private
def embed_done():
    """The confirmation inside the frame; embed.js tells the partner page the reference."""
    try:
        done = URLSafeTimedSerializer(current_app.secret_key, salt=DONE_SALT).loads(
            request.args.get("t", ""), max_age=3600)
    except BadSignature:
        return render_plain("widget/embed_unknown.html", 400, expired=True)
    partner = db.session.get(Partner, done["partner"])
    if partner is None:
        return render_plain("widget/embed_unknown.html", 404, lang=done["lang"])
    booking = services.booking_by_reference(done["reference"])
    when = None
    if booking is not None:
        start = booking.start.astimezone(ZoneInfo(booking.site.timezone))
        when = format_datetime(start, "EEEE d MMMM, HH:mm", rebase=False)
    state = FlowState(flow="", partner=partner.id, lang=done["lang"], origin=done["origin"])
    return render_flow("widget/embed_done.html", state, partner, booking=booking, booking_when=when,
                       booking_reference=done["reference"], display_ref=display_reference(done["reference"]),
                       advice=advice_for(booking.prequal_id) if booking is not None else ())


def redirect_done(reference: str, state: FlowState):
    """After the booking: a GET page, so reloading it never books twice."""
    token = done_token(reference, state, current_app.secret_key)
    return redirect(url_for("widget.embed_done", t=token, lang=state.lang), code=303)


@bp.post("/embed/book")
@own_text_check("name", "email", "phone")  # validate_contact shows the error next to the field
@csrf.exempt  # the flow's own signed token replaces the cookie-bound one (see state.py)
@private
def embed_book():
    """Book the chosen time (channel widget, the partner); a taken slot goes back to the times with a message."""
    state, partner = posted()
    if not state.slot or not state.prequal:
        raise InvalidState("flow")
    if request.form.get("action") == "back":
        return slots_page(state.but(slot=None), partner)
    typed = {"name": request.form.get("name", "")[:200], "email": request.form.get("email", "")[:254],
             "phone": request.form.get("phone", "")[:40], "consent": request.form.get("consent") == "yes"}
    try:
        booking = services.book(state, typed, clock.now(), current_settings())
    except InvalidContact as exc:
        return contact_page(state, partner, 422, exc.messages(gettext), typed)
    except SlotTaken as exc:
        return slots_page(state.but(slot=None), partner, status=409, message=gettext(exc.message))
    except BookingError as exc:  # the time can no longer be booked (too soon now, feeds expired…)
        return slots_page(state.but(slot=None), partner, status=409, message=gettext(exc.message))
    return redirect_done(booking.reference, state)
