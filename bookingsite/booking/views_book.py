"""Booking pages: choose a site, a slot (held while the person types), give contact details, confirmation.

No JavaScript needed; every POST carries a CSRF token; a refusal re-renders the page with the message (4xx).
Managing a booking (cancel, move, calendar file) and the operators' feeds are in ``views_manage``.
"""
from __future__ import annotations

import secrets
from zoneinfo import ZoneInfo

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from bookingsite import clock
from bookingsite.booking import catalogue, pages, pending, service
from bookingsite.booking.blueprint import bp
from bookingsite.booking.events import announce_slot_list
from bookingsite.booking.holds import Holder, address_key
from bookingsite.booking.offer import modality_for, slot_window
from bookingsite.booking.picker import alternatives_picker, parse_day, shape_picker
from bookingsite.core.inputs import own_text_check
from bookingsite.core.security import private
from bookingsite.extensions import current_settings, db
from bookingsite.locator.present import distance_text, slot_when
from bookingsite.locator.slots_hook import first_free_slot
from bookingsite.models import AppointmentType, Site
from bookingsite.prequal.service import PlaceError, get_prequal, outcome_of, preferred_times, resolve_place

SESSION_ID, SESSION_HOLDS = "booking_sid", "booking_holds"  # session keys: who this browser is, its holds
KEPT_HOLD_IDS = 10  # the session remembers its latest holds only (a cookie stays small)
NEAREST = 6  # free times offered when a hold has run out


def _prequal():
    """The questionnaire the person filled in (from ?prequal= or the form), or None."""
    return get_prequal(request.values.get("prequal", ""))


def _type_for(site: Site, prequal) -> AppointmentType | None:
    """The type asked for, else the questionnaire's recommendation, else the first type the site offers."""
    wanted = request.values.get("type") or (prequal.appointment_type if prequal else None)
    return catalogue.type_for_site(db.session, site, wanted)


@bp.get("/start")
def start():
    """Entry from the questionnaire (?prequal=) or a site page (?site=): the sites near the person."""
    prequal = _prequal()
    site = db.session.get(Site, request.args.get("site", ""))
    if site is not None:
        return redirect(url_for(".slots", site_id=site.id, prequal=prequal.id if prequal else None))
    place, error = request.args.get("place", "").strip(), None
    insee, region = (prequal.insee, prequal.region_code) if prequal else (None, None)
    if place:
        try:
            found = resolve_place(place)
            insee, region = found.insee, found.region
        except PlaceError as exc:
            error = _(exc.error.message)
    chosen = catalogue.known_region(request.args.get("region"))
    near = catalogue.sites_for(db.session, region, insee, chosen) if insee else ()
    others = catalogue.other_regions_near(db.session, region, insee) if insee else ()
    return render_template("booking/start.html", prequal=prequal, near=_site_cards(near), place=place, error=error,
                           region=chosen, others=[o for o in others if o.region != chosen])


def _site_cards(near) -> list[dict]:
    """Each nearby site with its distance in words and its next free slot (from the snapshots: no feed is read)."""
    now, settings = clock.now(), current_settings()
    cards = []
    for ranked in near:
        slot = first_free_slot(ranked.site.id, now, settings)
        cards.append({"site": ranked.site, "distance": distance_text(ranked.distance_km),
                      "next": slot_when(slot, ranked.site.timezone) if slot else None})
    return cards


def _render_slots(site: Site, prequal, appointment_type, modality: str | None, status: int = 200, **extra):
    """The slot picker page of a site (also used to move a booking, with ``manage_token`` in ``extra``)."""
    now = clock.now()
    window = slot_window(now, site.timezone, appointment_type.horizon_days, request.values.get("from"))
    today, first = window.today, window.first
    found = service.slots_for(site, appointment_type, modality, first, window.days, now,
                              exclude_id=extra.get("exclude_id"))
    urgent = bool(prequal and prequal.urgent) and first == today
    if first == today and "manage_token" not in extra:
        # The piloting figures' "delay to the first available slot", as a person requesting one sees it.
        announce_slot_list(site.id, now, found.slots[0].start if found.slots else None)
    call_back = pages.earliest_call_back(found.slots) if urgent else None
    offered = pages.offered_modalities(site, appointment_type)
    picker = shape_picker(pages.choices(found.slots, site.timezone), offered, modality,
                          more=parse_day(request.values.get("more")), selected=request.form.get("slot"),
                          preferred=preferred_times(prequal))
    alternatives = alternatives_picker(pages.choices(extra.pop("alternatives", []), site.timezone), offered)
    return render_template(
        "booking/slots.html", site=site, prequal=prequal, appointment_type=appointment_type, picker=picker,
        alternatives=alternatives, call_instead=found.call_instead, urgent=urgent, first=first,
        call_back=pages.choices([call_back], site.timezone)[0] if call_back else None,
        previous=window.previous, next=window.following,
        form_key=request.form.get("key", "")[:40] or secrets.token_urlsafe(12),
        hold_minutes=current_settings().hold_min, max_holds=current_settings().max_holds_per_session, **extra), status


def _site_or_404(site_id: str) -> Site:
    site = db.session.get(Site, site_id)
    if site is None:
        abort(404)
    return site


def _modality(site: Site, appointment_type, prequal) -> str | None:
    wanted = request.values.get("modality") or (prequal.modality if prequal else None)
    return modality_for(site.modalities, appointment_type.modalities, wanted)


@bp.get("/site/<site_id>")
def slots(site_id: str):
    """The free slots of a site, a week at a time, grouped by day."""
    site = _site_or_404(site_id)
    prequal = _prequal()
    appointment_type = _type_for(site, prequal)
    if appointment_type is None or not site.agendas:
        return render_template("booking/no_booking.html", site=site), 200
    return _render_slots(site, prequal, appointment_type, _modality(site, appointment_type, prequal))


@bp.post("/site/<site_id>/hold")
def hold(site_id: str):
    """Hold the chosen slot for a few minutes, then ask for the person's details."""
    site = _site_or_404(site_id)
    prequal = _prequal()
    appointment_type = _type_for(site, prequal)
    if appointment_type is None:
        abort(404)
    modality = _modality(site, appointment_type, prequal)
    picked = pages.parse_key(request.form.get("slot"))
    if picked is None:
        return _render_slots(site, prequal, appointment_type, modality, 422,
                             errors={"slot": _("Choose a time in the list.")})
    start, slot_modality = picked
    try:
        held = service.hold_slot(service.HoldRequest(
            site_id=site.id, start=start, type_id=appointment_type.id, modality=slot_modality,
            prequal_id=prequal.id if prequal else None, locale=str(get_locale()),
            idempotency_key=_form_key(site, start, slot_modality)), clock.now(), holder=_holder())
    except service.SlotTaken as exc:
        return _render_slots(site, prequal, appointment_type, modality, 409, taken=True,
                             alternatives=exc.alternatives)
    except service.TooManyHolds as exc:
        return _render_slots(site, prequal, appointment_type, modality, 429,
                             errors={"slot": _(exc.message, count=exc.count)})
    except (service.InvalidSlot, service.Busy) as exc:
        return _render_slots(site, prequal, appointment_type, modality, 422, errors={"slot": _(exc.message)})
    _remember_hold(held.id)
    pending.remember_hold(held)
    return redirect(url_for(".details", token=service.hold_token(held)))


def _session_id() -> str:
    """This browser's random id, kept in its (signed) session: what scopes its form keys."""
    if SESSION_ID not in session:
        session[SESSION_ID] = secrets.token_urlsafe(16)
    return session[SESSION_ID]


def _form_key(site: Site, start, modality: str) -> str:
    """The hold form's own key, scoped to this session: sending the form twice holds once, and a key chosen by
    someone else (a link's ?key=, a copied form) can never reach another person's hold."""
    return service.caller_key("web", _session_id(), request.form.get("key", "")[:40], site.id, start.isoformat(),
                              modality)


def _holder() -> Holder:
    return Holder(address=address_key(request.remote_addr, current_settings().secret_key),
                  session_holds=tuple(session.get(SESSION_HOLDS, ())))


def _remember_hold(hold_id: int) -> None:
    kept = [i for i in session.get(SESSION_HOLDS, ()) if i != hold_id]
    session[SESSION_HOLDS] = [*kept, hold_id][-KEPT_HOLD_IDS:]


def _own_hold(token: str):
    """The hold the token names, when this session made it (a details address alone opens nothing)."""
    held = service.hold_from_token(token)
    return held if held is not None and held.id in session.get(SESSION_HOLDS, ()) else None


def _details_page(held, values: dict, errors: dict | None = None, status: int = 200):
    zone = ZoneInfo(held.site.timezone)
    return render_template("booking/details.html", held=held, values=values, errors=errors or {},
                           start=held.start.astimezone(zone), end=held.end.astimezone(zone),
                           expires=held.hold_expires_at.astimezone(zone) if held.hold_expires_at else None,
                           hold_minutes=current_settings().hold_min), status


@bp.get("/details/<token>")
@private
def details(token: str):
    """The contact form, while the slot is held."""
    held = _own_hold(token)
    if held is None:
        return _expired_page(pending.last_hold())
    if held.status == "confirmed":
        return redirect(url_for(".done", token=service.manage_token(held)))
    return _details_page(held, pending.kept(clock.now()))


def _expired_page(was: pending.HeldTime | None, typed: dict | None = None):
    """The hold has run out: what was typed is kept in the session, and the nearest free times are offered."""
    now = clock.now()
    if typed:
        pending.keep(typed, now)
    site = db.session.get(Site, was.site_id) if was else None
    kind = db.session.get(AppointmentType, was.type_id) if was else None
    nearest = None
    if site is not None and kind is not None:
        found = service.alternatives(site, kind, was.modality, was.start, now, limit=NEAREST)
        nearest = alternatives_picker(pages.choices(found, site.timezone), pages.offered_modalities(site, kind))
    return render_template("booking/expired.html", site=site, kind=kind, was=was, nearest=nearest,
                           kept=pending.kept(now), form_key=secrets.token_urlsafe(12)), 410


@bp.post("/details/<token>")
@own_text_check("name", "email", "phone")  # validate_contact shows the error next to the field
@private
def confirm(token: str):
    """Confirm the held slot with the person's details."""
    form = request.form
    values = {k: form.get(k, "").strip() for k in ("name", "email", "phone")}
    values["consent"] = form.get("consent") == "yes"
    held = _own_hold(token)
    if held is None:
        return _expired_page(pending.last_hold(), values)
    site, prequal_id, was = held.site, held.prequal_id, pending.last_hold(held)
    try:
        booking = service.confirm_booking(held, values["name"], values["email"], values["phone"],
                                          values["consent"], clock.now(), locale=str(get_locale()))
    except service.InvalidContact as exc:
        return _details_page(held, values, exc.messages(_), 422)
    except service.HoldExpired:
        return _expired_page(was, values)
    except service.SlotTaken as exc:
        prequal = get_prequal(prequal_id) if prequal_id else None
        kind = db.session.get(AppointmentType, held.appointment_type_id)
        return _render_slots(site, prequal, kind, None, 409, taken=True, alternatives=exc.alternatives)
    except (service.NotChangeable, service.Busy, service.DuplicateBooking) as exc:
        return _details_page(held, values, {"name": _(exc.message)}, 409)
    pending.forget()
    return redirect(url_for(".done", token=service.manage_token(booking)))


@bp.get("/done/<token>")
@private
def done(token: str):
    """The confirmation: reference, summary, questionnaire answers, calendar file and manage link."""
    booking = service.booking_from_token(token)
    if booking is None or booking.status == "held":
        return render_template("booking/invalid_link.html"), 404
    if booking.status == "cancelled":
        return cancelled_page(booking)
    prequal = get_prequal(booking.prequal_id) if booking.prequal_id else None
    found = outcome_of(prequal) if prequal else None
    return render_template("booking/done.html", booking=booking, token=token, prequal=prequal,
                           summary=found.summary if found else (), advice=found.advice if found else (),
                           **pages.local_times(booking))


def cancelled_page(booking, notice: bool = False):
    """What a cancelled booking's links show: that it is cancelled, and nothing of the person or any action."""
    return render_template("booking/cancelled.html", booking=booking, notice=notice, **pages.local_times(booking))
