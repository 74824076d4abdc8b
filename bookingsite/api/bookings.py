"""API v1, bookings: POST /bookings and DELETE /bookings/REFERENCE, for partners holding an API key (X-Api-Key).

Bookings made through the API are recorded on the "widget" channel and attributed to the key's partner; a partner
cancels only its own bookings. An ``Idempotency-Key`` header (scoped to the partner's key) makes a retried POST give
back the same booking; the same person and slot again without it is refused (409 ``duplicate_booking``).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from zoneinfo import ZoneInfo

from flask import jsonify, request
from flask_babel import gettext

from bookingsite import clock
from bookingsite.api.blueprint import bp
from bookingsite.api.errors import json_error
from bookingsite.api.keys import limited_per_key, partner_from_api_key
from bookingsite.api.responses import Booked, Cancelled
from bookingsite.api.schemas import BookingHeaders, BookingRequest
from bookingsite.api.spec import API_KEY, answers, json_body, spec
from bookingsite.availability.slots import Slot
from bookingsite.booking import service
from bookingsite.booking.calendar_event import links
from bookingsite.extensions import db
from bookingsite.models import AppointmentType, Partner
from bookingsite.models.booking import Booking
from bookingsite.prequal.service import get_prequal
from bookingsite.vocabulary import WIDGET

SLOT_FIELDS = {"unknown_site": "site_id", "other_site": "site_id", "wrong_type": "type",
               "wrong_modality": "modality", "no_agenda": "site_id"}


class ApiRefusal(Exception):
    """A request the API answers with a JSON error (status, code, message, extra members)."""

    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


@bp.errorhandler(ApiRefusal)
def _refusal(exc: ApiRefusal):
    return json_error(exc.status, exc.code, exc.message, **exc.extra)


def _partner() -> Partner:
    partner = partner_from_api_key()
    if partner is None:
        raise ApiRefusal(401, "unauthorized", gettext("A valid partner key is required in the X-Api-Key header."))
    return partner


def slot_json(slot: Slot) -> dict:
    """A slot as the API shows it (local times with their offset)."""
    return {"start": slot.start.isoformat(), "end": slot.end.isoformat(), "modality": slot.modality}


def booking_json(booking: Booking) -> dict:
    """The 201 body: the booking and the person's links."""
    zone = ZoneInfo(booking.site.timezone)
    return {"id": booking.id, "reference": booking.reference, "site_id": booking.site_id,
            "start": booking.start.astimezone(zone).isoformat(), "end": booking.end.astimezone(zone).isoformat(),
            "type": booking.appointment_type_id, "modality": booking.modality, "status": booking.status,
            **links(booking)}


def _request_fields(body: BookingRequest) -> dict:
    """The fields of ``service.BookingRequest`` from the validated body; 422 naming an unknown questionnaire."""
    type_id = body.type or db.session.scalar(
        db.select(AppointmentType.id).order_by(AppointmentType.position, AppointmentType.id).limit(1))
    if body.prequal_id and get_prequal(body.prequal_id) is None:
        raise ApiRefusal(422, "invalid_parameter", gettext("'prequal_id' names no questionnaire."), field="prequal_id")
    return {"site_id": body.site_id, "start": body.start, "type_id": type_id, "modality": body.modality,
            "name": body.name, "email": body.email or None, "phone": body.phone or None,
            "prequal_id": body.prequal_id or None, "locale": body.locale, "consent": True}


def partner_call(view: Callable) -> Callable:
    """Decorator: the key is checked before the body (401 first), and a body must be a JSON object (400)."""
    @wraps(view)
    def checked(*args, **kwargs):
        _partner()
        if request.method == "POST" and not isinstance(request.get_json(silent=True), dict):
            raise ApiRefusal(400, "invalid_json", gettext("The body must be a JSON object."))
        return view(*args, **kwargs)
    return checked


@bp.post("/bookings")
@limited_per_key
@partner_call
@spec.validate(json=BookingRequest, headers=BookingHeaders, resp=answers(Booked, 400, 401, 409, 503, ok_status=201),
               security=API_KEY)
def create_booking():
    """Book a free slot for a person, on behalf of the key's partner (Idempotency-Key: the same booking again)."""
    partner = _partner()
    fields = _request_fields(json_body(BookingRequest))
    key = request.headers.get("Idempotency-Key", "")[:80] or None
    try:
        booking = service.book(service.BookingRequest(
            **fields, channel=WIDGET, partner_id=partner.id,
            idempotency_key=service.caller_key("api", partner.id, key) if key else None), clock.now())
    except service.SlotTaken as exc:
        raise ApiRefusal(409, exc.code, gettext(exc.message),
                         alternatives=[slot_json(s) for s in exc.alternatives]) from None
    except service.DuplicateBooking as exc:  # never the existing booking: only its own key gives it back
        raise ApiRefusal(409, exc.code, gettext(exc.message)) from None
    except service.InvalidSlot as exc:
        raise ApiRefusal(422, exc.code, gettext(exc.message), field=SLOT_FIELDS.get(exc.reason, "start"),
                         reason=exc.reason) from None
    except service.InvalidContact as exc:
        raise ApiRefusal(422, exc.code, gettext(exc.message), field=exc.field) from None
    except service.Busy as exc:
        raise ApiRefusal(503, exc.code, gettext(exc.message)) from None
    return jsonify(booking_json(booking)), 201


@bp.delete("/bookings/<reference>")
@limited_per_key
@partner_call
@spec.validate(resp=answers(Cancelled, 401, 404, 409, 503), security=API_KEY)
def delete_booking(reference: str):
    """Cancel one of the partner's bookings (cancelling it again answers the same)."""
    partner = _partner()
    try:
        booking = service.cancel_booking(reference, clock.now(), by="partner", partner_id=partner.id)
    except service.BookingNotFound as exc:
        raise ApiRefusal(404, exc.code, gettext(exc.message)) from None
    except service.NotChangeable as exc:
        raise ApiRefusal(409, exc.code, gettext(exc.message)) from None
    except service.Busy as exc:
        raise ApiRefusal(503, exc.code, gettext(exc.message)) from None
    return jsonify({"reference": booking.reference, "status": booking.status})
