"""Managing a booking through its signed link (no account): see it, cancel it, move it, add it to a calendar."""
from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from bookingsite import clock
from bookingsite.booking import ics, pages, service
from bookingsite.booking.blueprint import bp
from bookingsite.booking.calendar_event import person_event
from bookingsite.booking.offer import modality_for
from bookingsite.booking.pages import local_times
from bookingsite.booking.views_book import _render_slots, cancelled_page
from bookingsite.core.security import private
from bookingsite.prequal.service import get_prequal

NOTICES = {"cancelled": "cancelled", "moved": "moved"}


def _booking(token: str):
    booking = service.booking_from_token(token)
    return None if booking is None or booking.status == "held" else booking


def _invalid():
    return render_template("booking/invalid_link.html"), 404


def _manage_page(booking, token: str, error: str | None = None, status: int = 200):
    if booking.status == "cancelled":
        return cancelled_page(booking, notice=request.args.get("done") == "cancelled"), status
    now = clock.now()
    changeable = booking.status == "confirmed" and booking.start > now
    return render_template("booking/manage.html", booking=booking, token=token, changeable=changeable,
                           notice=NOTICES.get(request.args.get("done", "")), error=error, **local_times(booking)), status


@bp.get("/manage/<token>")
@private
def manage(token: str):
    """The booking, with buttons to cancel or move it."""
    booking = _booking(token)
    return _invalid() if booking is None else _manage_page(booking, token)


def _confirm_cancel_page(booking, token: str):
    """"Do you really want to cancel?": a cancellation acts only on the answer "Yes" (a form of its own)."""
    if booking.status != "confirmed" or booking.start <= clock.now():
        return _manage_page(booking, token, _(service.NotChangeable.message), 409)
    return render_template("booking/cancel_confirm.html", booking=booking, action=url_for(".cancel", token=token),
                           keep_href=url_for(".manage", token=token), **local_times(booking))


@bp.get("/manage/<token>/cancel")
@private
def cancel_question(token: str):
    """The confirmation step before cancelling (the manage page links here)."""
    booking = _booking(token)
    return _invalid() if booking is None else _confirm_cancel_page(booking, token)


@bp.post("/manage/<token>/cancel")
@private
def cancel(token: str):
    """Cancel the booking once the person has said yes (asking twice is harmless); without that yes, ask."""
    booking = _booking(token)
    if booking is None:
        return _invalid()
    if request.form.get("confirm") != "yes":
        return _confirm_cancel_page(booking, token)
    try:
        service.cancel_booking(booking.reference, clock.now(), by="person")
    except (service.NotChangeable, service.Busy) as exc:
        return _manage_page(booking, token, _(exc.message), 409)
    return redirect(url_for(".manage", token=token, done="cancelled"))


def _move_page(booking, token: str, status: int = 200, **extra):
    prequal = get_prequal(booking.prequal_id) if booking.prequal_id else None
    kind = booking.appointment_type
    # The booking's own way of meeting first: moving rarely changes it.
    modality = modality_for(booking.site.modalities, kind.modalities, request.values.get("modality") or booking.modality)
    return _render_slots(booking.site, prequal, kind, modality, status, manage_token=token, moving=booking, exclude_id=booking.id, **extra)


@bp.get("/manage/<token>/move")
@private
def move(token: str):
    """The slots the booking can move to."""
    booking = _booking(token)
    if booking is None:
        return _invalid()
    if booking.status != "confirmed" or booking.start <= clock.now():
        return _manage_page(booking, token, _(service.NotChangeable.message), 409)
    return _move_page(booking, token)


@bp.post("/manage/<token>/move")
@private
def move_to(token: str):
    """Move the booking to the chosen slot; the old time is kept if the new one is gone."""
    booking = _booking(token)
    if booking is None:
        return _invalid()
    if booking.status == "cancelled":
        return cancelled_page(booking), 409
    picked = pages.parse_key(request.form.get("slot"))
    if picked is None:
        return _move_page(booking, token, 422, errors={"slot": _("Choose a time in the list.")})
    try:
        service.reschedule_booking(booking.reference, picked[0], clock.now(), modality=picked[1])
    except service.SlotTaken as exc:
        return _move_page(booking, token, 409, taken=True, alternatives=exc.alternatives)
    except (service.InvalidSlot, service.InvalidContact, service.SameSlot, service.Busy) as exc:
        return _move_page(booking, token, 422, errors={"slot": _(exc.message)})
    except service.NotChangeable as exc:
        return _manage_page(booking, token, _(exc.message), 409)
    return redirect(url_for(".manage", token=token, done="moved"))


@bp.get("/manage/<token>/booking.ics")
@private
def calendar_file(token: str):
    """The booking as a calendar file ("add to my calendar"): same UID and SEQUENCE as the e-mails."""
    booking = _booking(token)
    if booking is None:
        return _invalid()
    if booking.status == "cancelled":
        return cancelled_page(booking), 410
    with force_locale(booking.locale):
        body = ics.calendar([person_event(booking)], clock.now(), "PUBLISH")
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="rendez-vous-{booking.reference}.ics"'})

