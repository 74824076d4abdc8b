"""The outcome of a call: another network's contacts read out, or the caller's operator's sites and slots, booked
on the caller's behalf (channel "phone", the agent's id) with the confirmation the caller chooses."""
from __future__ import annotations

import secrets

from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext

from bookingsite import clock
from bookingsite.agent import confirm
from bookingsite.agent.blueprint import bp
from bookingsite.agent.desk import ANY_AGENT, call_prequal
from bookingsite.booking import catalogue, pages, service
from bookingsite.booking.contact import validate_contact
from bookingsite.booking.offer import NearbyRegion, OfferedSite, modality_for, slot_window
from bookingsite.booking.picker import alternatives_picker, parse_day, shape_picker
from bookingsite.core.errors import render_error
from bookingsite.core.inputs import own_text_check
from bookingsite.extensions import db
from bookingsite.models import AppointmentType, Operator, Site
from bookingsite.prequal.service import NotOffered, outcome_of, preferred_times, record_choice
from bookingsite.staff.auth import (
    agent_scope_operator_ids,
    audit,
    can_access_site,
    current_agent,
    role_required,
)
from bookingsite.vocabulary import AGENT_DESK

CONTACT = ("name", "phone", "email")


def _caller_operator(prequal) -> Operator | None:
    return catalogue.serving_operator(db.session, prequal.region_code)


def _may_book_for(agent, operator: Operator | None) -> bool:
    """Whether the agent may book in this operator's sites (national agents: everywhere)."""
    scope = agent_scope_operator_ids(agent)
    return operator is not None and (scope is None or operator.id in scope)


def _sites(prequal, operator: Operator | None, agent) -> tuple[OfferedSite, ...]:
    """The sites the offer gives this caller (the operator's first), when the agent may book there."""
    if not _may_book_for(agent, operator):
        return ()
    chosen = catalogue.known_region(request.values.get("region"))
    offered = catalogue.sites_for(db.session, prequal.region_code, prequal.insee, chosen)
    return tuple(o for o in offered if can_access_site(agent, o.site))


def _other_regions(prequal, operator: Operator | None, agent, chosen: str | None) -> list[NearbyRegion]:
    """The other regions near the caller whose sites the agent may book (the choice the caller may make)."""
    if not _may_book_for(agent, operator):
        return []
    scope = agent_scope_operator_ids(agent)
    return [o for o in catalogue.other_regions_near(db.session, prequal.region_code, prequal.insee)
            if o.region != chosen and (scope is None or scope & set(o.operator_ids))]


def _type_for(site: Site, prequal) -> AppointmentType | None:
    return catalogue.type_for_site(db.session, site, prequal.appointment_type)


def _chosen_site(near: list, agent):
    """The site asked for (403 outside the agent's scope), else the nearest one."""
    wanted = request.values.get("site")
    if not wanted:
        return near[0].site if near else None
    site = db.session.get(Site, wanted[:64])
    if site is None:
        abort(404)
    if not can_access_site(agent, site):
        abort(403)
    return site


def slot_page(site: Site, kind: AppointmentType, preferred: str | None, exclude_id: int | None = None,
              times: tuple[str, ...] = ()) -> dict:
    """One page of the site's slots as the picker shows them (``picker``, ``first`` day, ``following`` page's
    first day or None, ``call_instead``), in the way of meeting asked for, else ``preferred``; the ``times`` that
    suit the caller first."""
    now = clock.now()
    # On the desk's form, "later times" is a button named "later" and the way shown a hidden "shown_modality".
    start = request.values.get("later") or request.values.get("from")
    window = slot_window(now, site.timezone, kind.horizon_days, start)
    wanted = request.values.get("modality") or request.values.get("shown_modality") or preferred
    modality = modality_for(site.modalities, kind.modalities, wanted)
    found = service.slots_for(site, kind, modality, window.first, window.days, now, exclude_id=exclude_id)
    picker = shape_picker(pages.choices(found.slots, site.timezone), pages.offered_modalities(site, kind), modality,
                          more=parse_day(request.values.get("more")), selected=request.form.get("slot"),
                          preferred=times)
    return {"picker": picker, "first": window.first, "following": window.following,
            "call_instead": found.call_instead}


def _booking_context(prequal, operator: Operator | None, agent) -> dict:
    """The sites the agent may book for this caller, the chosen one, and one page of its slots."""
    near = _sites(prequal, operator, agent)
    site = _chosen_site(near, agent)
    chosen = catalogue.known_region(request.values.get("region"))
    context = {"near": near, "in_scope": _may_book_for(agent, operator), "site": site, "chosen_region": chosen,
               "others": _other_regions(prequal, operator, agent, chosen)}
    kind = _type_for(site, prequal) if site is not None else None
    if kind is not None:
        context.update(kind=kind, **slot_page(site, kind, prequal.modality, times=preferred_times(prequal)))
    return context


def _outcome_page(prequal, values: dict | None = None, errors: dict | None = None, status: int = 200, **extra):
    found, operator = outcome_of(prequal), _caller_operator(prequal)
    context = {"prequal": prequal, "outcome": found, "operator": operator, "site": None, "in_scope": True,
               "values": values or {"confirm": "sms"}, "errors": errors or {},
               "form_key": request.form.get("key", "")[:40] or secrets.token_urlsafe(12)}
    if found.scope != "out":
        context.update(_booking_context(prequal, operator, current_agent()))
    context.update(extra)
    return render_template("agent/outcome.html", **context), status


@bp.get("/call/<prequal_id>")
@role_required(*ANY_AGENT)
def outcome(prequal_id: str):
    """What the questionnaire concludes, with what the agent says and does next."""
    return _outcome_page(call_prequal(prequal_id))


@bp.post("/call/<prequal_id>/reroute")
@role_required(*ANY_AGENT)
def reroute(prequal_id: str):
    """The agent has read the other networks' contacts out (the caller offered a choice picked one of them):
    record it and end the call."""
    prequal = call_prequal(prequal_id)
    chosen = request.form.get("network") if prequal.scope == "choice" else None
    if chosen is not None:
        try:
            record_choice(prequal, chosen, clock.now())
        except NotOffered:
            return render_error(400, "not_offered", gettext(NotOffered.message))
    audit(current_agent(), "reroute", prequal_id=prequal.id, route=prequal.route, networks=list(prequal.networks),
          chosen=chosen)
    return redirect(url_for("agent.desk", done="reroute"))


FORM_ORDER = ("name", "phone", "email", "slot", "confirm", "consent")  # the desk's booking form, top to bottom
PICKER_BUTTONS = ("modality", "more", "later")  # the form's buttons that show other times instead of booking


def _form_errors(prequal, site: Site, values: dict) -> dict[str, str]:
    """Every problem of the booking form at once, in the form's order: the time, the caller's details, the
    confirmation chosen (the service checks them again when it books)."""
    errors: dict[str, str] = {}
    picked = pages.parse_key(request.form.get("slot"))
    if _type_for(site, prequal) is None or picked is None:
        errors["slot"] = gettext("Choose a time in the list.")
    try:
        validate_contact(values["name"], values["email"], values["phone"], values["consent"],
                         picked[1] if picked else "", site.region_code)
    except service.InvalidContact as exc:
        errors.update(exc.messages(gettext))
    try:
        confirm.check_channel(values["confirm"], values["email"], values["phone"], site.region_code)
    except confirm.CannotConfirm as exc:
        errors.setdefault(exc.field, gettext(exc.message))
    return {field: errors[field] for field in FORM_ORDER if field in errors}


def _book(prequal, site: Site, values: dict, now):
    """Book the chosen slot for the caller (the form checked by ``_form_errors``); raises the service's errors."""
    kind = _type_for(site, prequal)
    picked = pages.parse_key(request.form.get("slot"))
    key = request.form.get("key", "")[:40]
    agent_id = current_agent().id
    return service.book(service.BookingRequest(
        site_id=site.id, start=picked[0], type_id=kind.id, modality=picked[1], name=values["name"],
        email=values["email"] or None, phone=values["phone"] or None, consent=request.form.get("consent") == "yes",
        channel=AGENT_DESK, locale=str(get_locale() or "fr"), prequal_id=prequal.id, agent_id=agent_id,
        idempotency_key=service.caller_key("agent", agent_id, key, picked[0].isoformat()) if key else None),
        now, reach=confirm.reach_for(values["confirm"]))


@bp.post("/call/<prequal_id>/book")
@own_text_check("name", "email", "phone")  # validate_contact shows the error next to the field
@role_required(*ANY_AGENT)
def book(prequal_id: str):
    """Book the slot the caller chose, on their behalf; then send the confirmation they chose (or, for the
    picker's own buttons, show other times with what the agent typed)."""
    prequal, agent, now = call_prequal(prequal_id), current_agent(), clock.now()
    site = db.session.get(Site, request.form.get("site", "")[:64])
    if site is None:
        abort(404)
    if not can_access_site(agent, site):
        abort(403)
    values = {k: request.form.get(k, "").strip()[:200] for k in (*CONTACT, "confirm")}
    values["consent"] = request.form.get("consent") == "yes"
    if any(button in request.form for button in PICKER_BUTTONS):
        return _outcome_page(prequal, values)
    errors = _form_errors(prequal, site, values)
    if errors:
        return _outcome_page(prequal, values, errors, 422)
    try:
        booking = _book(prequal, site, values, now)
    except service.InvalidContact as exc:
        return _outcome_page(prequal, values, exc.messages(gettext), 422)
    except service.SlotTaken as exc:
        kind = _type_for(site, prequal)
        return _outcome_page(prequal, values, {"slot": gettext(exc.message)}, 409, alternatives=alternatives_picker(
            pages.choices(exc.alternatives, site.timezone), pages.offered_modalities(site, kind)))
    except service.DuplicateBooking as exc:
        return _outcome_page(prequal, values, {"name": gettext(exc.message)}, 409)
    except service.BookingError as exc:
        return _outcome_page(prequal, values, {"slot": gettext(exc.message)}, 422)
    audit(agent, "booking_made", booking.reference, site_id=site.id, prequal_id=prequal.id,
          confirmation=values["confirm"])
    # The booking's transaction recorded its messages (the calendar copy, the site's and the caller's chosen one).
    sent = values["confirm"] != "none"
    return redirect(url_for("agent.booking", reference=booking.reference, made=1, sent=int(sent)))
