"""The embedded flow's last pages: choose a time, give contact details, book (channel widget), confirmation."""
from __future__ import annotations

from datetime import datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from flask import current_app, redirect, request, url_for
from flask_babel import format_datetime, gettext
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bookingsite import clock
from bookingsite.booking.errors import BookingError, InvalidContact, SlotTaken
from bookingsite.booking.offer import modality_for
from bookingsite.booking.reference import display_reference
from bookingsite.core.inputs import own_text_check
from bookingsite.core.security import private
from bookingsite.extensions import csrf, current_settings, db
from bookingsite.models.directory import Partner, Site
from bookingsite.prequal.service import get_prequal, outcome_of
from bookingsite.widget import services
from bookingsite.widget.blueprint import bp
from bookingsite.widget.embed import posted, render_flow, render_plain
from bookingsite.widget.state import FlowState, InvalidState

DAYS_SHOWN = 7
DONE_SALT = "bookingsite.widget.done"


def _slot_context(state: FlowState, modality: str | None, day: str | None) -> dict:
    """Everything the slot page shows: type, modalities, days with free times, the chosen day's times."""
    site = db.session.get(Site, state.site)
    row = get_prequal(state.prequal) if state.prequal else None
    if site is None or row is None:
        raise InvalidState("flow")
    found = outcome_of(row)
    kind = services.appointment_type_for(db.session, found.appointment_type, site)
    offered = [m for m in (kind.modalities if kind else []) if m in (site.modalities or [])]
    # The frame shows one modality at a time: the one asked, else the offer's, else the first the site offers.
    wanted = modality_for(site.modalities, kind.modalities, found.modality) if kind else None
    chosen = next((m for m in (modality, wanted) if m in offered), offered[0] if offered else None)
    slots = services.free_slots(site, kind, chosen, clock.now(), current_settings()) if chosen else []
    zone = ZoneInfo(site.timezone)
    days = [(d, list(group)) for d, group in groupby(slots, key=lambda s: s.start.astimezone(zone).date())]
    days = days[:DAYS_SHOWN]
    current = next((d for d in days if d[0].isoformat() == day), days[0] if days else None)
    return {"site": site, "outcome": found, "kind": kind, "modalities": offered, "modality": chosen,
            "days": days, "day": current, "zone": zone}


def slots_page(state: FlowState, partner: Partner, modality: str | None = None, day: str | None = None,
               status: int = 200, **context):
    """The free times of the chosen site, one day at a time, for one modality."""
    return render_flow("widget/embed_slots.html", state, partner, status,
                       **_slot_context(state, modality, day), **context)


def _find(slots_context: dict, start: str | None):
    """The slot offered on the page whose start is ``start`` (ISO), if any."""
    for _, slots in slots_context["days"]:
        for slot in slots:
            if slot.start.isoformat() == start:
                return slot
    return None


@bp.post("/embed/slot")
@csrf.exempt  # the flow's own signed token replaces the cookie-bound one (see state.py)
def embed_slot():
    """Change the modality or the day shown, or keep the time chosen and ask for contact details."""
    state, partner = posted()
    modality, day = request.form.get("modality"), request.form.get("day")
    if request.form.get("action") != "choose":
        return slots_page(state, partner, modality=modality, day=day)
    context = _slot_context(state, modality, day)
    slot = _find(context, request.form.get("slot"))
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
                       booking_reference=done["reference"], display_ref=display_reference(done["reference"]))


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
        return contact_page(state, partner, 422, {exc.field: gettext(exc.message)}, typed)
    except SlotTaken as exc:
        return slots_page(state.but(slot=None), partner, status=409, message=gettext(exc.message))
    except BookingError as exc:  # the time can no longer be booked (too soon now, feeds expired…)
        return slots_page(state.but(slot=None), partner, status=409, message=gettext(exc.message))
    return redirect_done(booking.reference, state)
