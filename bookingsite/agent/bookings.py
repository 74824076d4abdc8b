"""Bookings at the desk: find one (reference, name, phone, e-mail) within the agent's scope, read it, cancel it,
move it, send its confirmation again. Every action is audited (without the personal data)."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import func, or_, select

from bookingsite import clock
from bookingsite.agent import confirm
from bookingsite.agent.blueprint import bp
from bookingsite.agent.desk import ANY_AGENT
from bookingsite.agent.desk_outcome import slot_page
from bookingsite.agent.lookup import parse_query
from bookingsite.booking import pages, service
from bookingsite.booking.pages import local_times
from bookingsite.booking.reference import display_reference
from bookingsite.extensions import db
from bookingsite.messaging import outbox
from bookingsite.models import Site
from bookingsite.models.agent import Agent
from bookingsite.models.booking import Booking
from bookingsite.prequal.service import get_prequal, outcome_of
from bookingsite.staff.auth import (
    agent_scope_operator_ids,
    audit,
    can_access_site,
    current_agent,
    role_required,
)

LIMIT = 50


def _scoped(query, agent):
    scope = agent_scope_operator_ids(agent)
    return query if scope is None else query.join(Site, Site.id == Booking.site_id).where(Site.operator_id.in_(scope))


def _matching(parsed):
    if parsed.kind == "reference":
        return Booking.reference == parsed.value
    if parsed.kind == "email":
        return func.lower(Booking.email) == parsed.value.lower()
    if parsed.kind == "phone":
        return Booking.phone.in_(parsed.phones)
    by_name = Booking.name_folded.contains(parsed.value, autoescape=True)  # both sides folded by folding.fold
    return or_(by_name, Booking.reference == parsed.also_reference) if parsed.also_reference else by_name


@bp.get("/bookings")
@role_required(*ANY_AGENT)
def search():
    """The empty search form (what is typed goes in a POST: names, phones, e-mails stay out of every URL)."""
    return render_template("agent/search.html", q="", rows=[], searched=False, error=None, local=_local)


@bp.post("/bookings")
@role_required(*ANY_AGENT)
def search_post():
    """Find bookings by reference, name, phone or e-mail, among the agent's operator's sites."""
    agent, text = current_agent(), request.form.get("q", "").strip()[:200]
    parsed, rows = parse_query(text), []
    if parsed is not None:
        query = select(Booking).where(Booking.status != "held", _matching(parsed))
        rows = db.session.scalars(_scoped(query, agent).order_by(Booking.start.desc()).limit(LIMIT)).all()
        audit(agent, "search", kind=parsed.kind, results=len(rows))  # not the text typed: it is personal data
    error = gettext("Type at least two characters.") if parsed is None else None
    return render_template("agent/search.html", q=text, rows=rows, searched=parsed is not None, error=error,
                           local=_local), 422 if error else 200


def _local(booking: Booking):
    return booking.start.astimezone(ZoneInfo(booking.site.timezone))


def scoped_booking(reference: str) -> Booking:
    """The booking with this reference: 404 when unknown, 403 outside the agent's scope."""
    booking = service.find_by_reference(reference)
    if booking is None or booking.status == "held":
        abort(404)
    if not can_access_site(current_agent(), booking.site):
        abort(403)
    return booking


def _booking_page(booking: Booking, errors: dict | None = None, status: int = 200, **extra):
    prequal = get_prequal(booking.prequal_id) if booking.prequal_id else None
    author = db.session.get(Agent, booking.agent_id) if booking.agent_id else None
    return render_template("agent/booking.html", booking=booking, prequal=prequal, author=author,
                           summary=outcome_of(prequal).summary if prequal else (), errors=errors or {},
                           **local_times(booking),
                           spoken=display_reference(booking.reference),
                           confirmation=outbox.caller_message_state(booking.id), **extra), status


@bp.get("/bookings/<reference>")
@role_required(*ANY_AGENT)
def booking(reference: str):
    """One booking: the reference to read aloud, details, questionnaire summary, actions."""
    found = scoped_booking(reference)
    audit(current_agent(), "booking_viewed", found.reference)
    return _booking_page(found, made=request.args.get("made") == "1", sent=request.args.get("sent"))


@bp.post("/bookings/<reference>/cancel")
@role_required(*ANY_AGENT)
def cancel(reference: str):
    """Cancel the booking at the caller's request once the agent has said yes (the caller is told by the channels
    they gave); without that yes, ask."""
    found = scoped_booking(reference)
    if request.form.get("confirm") != "yes":
        return render_template("booking/cancel_confirm.html", layout="agent/_layout.html", booking=found,
                               action=url_for("agent.cancel", reference=found.reference),
                               keep_href=url_for("agent.booking", reference=found.reference), **local_times(found))
    try:
        service.cancel_booking(found.reference, clock.now(), by="agent")
    except service.BookingError as exc:
        return _booking_page(found, {"cancel": gettext(exc.message)}, 409)
    audit(current_agent(), "booking_cancelled", found.reference, site_id=found.site_id)
    return redirect(url_for("agent.booking", reference=found.reference))


@bp.post("/bookings/<reference>/resend")
@role_required(*ANY_AGENT)
def resend(reference: str):
    """Send the confirmation again, by SMS or e-mail; optionally with a new manage link, the old ones revoked."""
    found = scoped_booking(reference)
    via, revoke = request.form.get("via", ""), request.form.get("revoke") == "yes"
    if found.status != "confirmed" or via not in ("sms", "email"):
        return _booking_page(found, {"via": gettext("Choose how the caller gets the confirmation.")}, 422)
    sent = confirm.resend(found, via, revoke, clock.now())
    audit(current_agent(), "confirmation_resent", found.reference, via=via, sent=sent, link_revoked=revoke)
    if not sent:
        return _booking_page(found, {"via": gettext("The confirmation could not be sent this way.")}, 422)
    return redirect(url_for("agent.booking", reference=found.reference, sent=1))


@bp.get("/bookings/<reference>/move")
@role_required(*ANY_AGENT)
def move(reference: str):
    """The free times of the same site, to move the booking to."""
    found = scoped_booking(reference)
    return _move_page(found)


def _move_page(found: Booking, errors: dict | None = None, status: int = 200):
    page = slot_page(found.site, found.appointment_type, found.modality, exclude_id=found.id)
    return render_template("agent/move.html", booking=found, errors=errors or {}, **page), status


@bp.post("/bookings/<reference>/move")
@role_required(*ANY_AGENT)
def move_to(reference: str):
    """Move the booking to the chosen time; the caller is told by the channels they gave."""
    found = scoped_booking(reference)
    picked = pages.parse_key(request.form.get("slot"))
    if picked is None:
        return _move_page(found, {"slot": gettext("Choose a time in the list.")}, 422)
    old = found.start
    try:
        service.reschedule_booking(found.reference, picked[0], clock.now(), modality=picked[1])
    except service.BookingError as exc:
        return _move_page(found, {"slot": gettext(exc.message)}, 409)
    audit(current_agent(), "booking_moved", found.reference, site_id=found.site_id, old_start=old.isoformat(),
          new_start=picked[0].isoformat())
    return redirect(url_for("agent.booking", reference=found.reference))
