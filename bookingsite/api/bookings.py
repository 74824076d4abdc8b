"""API v1, bookings: POST /bookings and DELETE /bookings/REFERENCE, for partners holding an API key (X-Api-Key).

Bookings made through the API are recorded on the "widget" channel and attributed to the key's partner; a partner
cancels only its own bookings. An ``Idempotency-Key`` header (scoped to the partner's key) makes a retried POST give
back the same booking; the same person and slot again without it is refused (409 ``duplicate_booking``).
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import jsonify, request
from flask_babel import gettext

from bookingsite import clock
from bookingsite.api.blueprint import bp
from bookingsite.api.errors import json_error
from bookingsite.api.keys import limited_per_key, partner_from_api_key
from bookingsite.api.openapi import register_paths
from bookingsite.availability.slots import Slot
from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.messaging.notify import links
from bookingsite.models import AppointmentType, Partner
from bookingsite.models.booking import Booking
from bookingsite.prequal.service import get_prequal

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
        raise ApiRefusal(401, "unauthorized", "A valid partner key is required in the X-Api-Key header.")
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


def _text(body: dict, name: str, required: bool = False, limit: int = 300) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise ApiRefusal(422, "invalid_parameter", f"'{name}' is required", field=name)
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise ApiRefusal(422, "invalid_parameter", f"'{name}' must be a string of at most {limit} characters",
                         field=name)
    return value


def _start(body: dict) -> datetime:
    text = _text(body, "start", required=True, limit=40)
    try:
        start = datetime.fromisoformat(text)
    except ValueError:
        start = None
    if start is None or start.tzinfo is None:
        raise ApiRefusal(422, "invalid_parameter", "'start' must be an ISO 8601 time with its offset, "
                         "e.g. 2026-12-02T10:00:00+01:00", field="start")
    return start


def _request_fields(body: dict) -> dict:
    """The arguments of ``service.book`` from the JSON body; 422 naming the first bad field."""
    if body.get("consent") is not True:
        raise ApiRefusal(422, "invalid_parameter", "'consent' must be true: the person accepted the privacy notice",
                         field="consent")
    type_id = _text(body, "type", limit=64) or db.session.scalar(
        db.select(AppointmentType.id).order_by(AppointmentType.position, AppointmentType.id).limit(1))
    prequal_id = _text(body, "prequal_id", limit=36)
    if prequal_id and get_prequal(prequal_id) is None:
        raise ApiRefusal(422, "invalid_parameter", "'prequal_id' names no questionnaire", field="prequal_id")
    locale = _text(body, "locale", limit=5) or "fr"
    if locale not in ("fr", "en"):
        raise ApiRefusal(422, "invalid_parameter", "'locale' must be fr or en", field="locale")
    return {"site_id": _text(body, "site_id", required=True, limit=64), "start": _start(body), "type_id": type_id,
            "modality": _text(body, "modality", required=True, limit=10), "name": _text(body, "name", limit=200),
            "email": _text(body, "email", limit=254), "phone": _text(body, "phone", limit=40),
            "prequal_id": prequal_id, "locale": locale, "consent": True}


@bp.post("/bookings")
@limited_per_key
def create_booking():
    """Book a free slot for a person, on behalf of the key's partner."""
    partner = _partner()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiRefusal(400, "invalid_json", "The body must be a JSON object.")
    fields = _request_fields(body)
    key = request.headers.get("Idempotency-Key", "")[:80] or None
    try:
        booking = service.book(**fields, channel="widget", partner_id=partner.id, agent_id=None, now=clock.now(),
                               idempotency_key=service.caller_key("api", partner.id, key) if key else None)
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


_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_SLOT = {"type": "object", "properties": {"start": {"type": "string", "format": "date-time"},
                                          "end": {"type": "string", "format": "date-time"},
                                          "modality": {"type": "string", "enum": ["site", "phone", "video"]}}}
register_paths({
    "/bookings": {"post": {
        "summary": "Book a free slot (partners)", "security": [{"ApiKey": []}],
        "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"},
                        "description": "The same key (from the same partner) gives back the same booking"}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["site_id", "start", "modality", "name", "consent"],
            "properties": {"site_id": {"type": "string"}, "start": {"type": "string", "format": "date-time"},
                           "type": {"type": "string"}, "modality": {"type": "string",
                                                                    "enum": ["site", "phone", "video"]},
                           "name": {"type": "string"}, "email": {"type": "string", "format": "email"},
                           "phone": {"type": "string"}, "prequal_id": {"type": "string"},
                           "locale": {"type": "string", "enum": ["fr", "en"]},
                           "consent": {"type": "boolean", "enum": [True]}}}}}},
        "responses": {
            "201": {"description": "Booked", "content": {"application/json": {"schema": {
                "type": "object", "properties": {k: {"type": "string"} for k in (
                    "reference", "start", "end", "status", "ics_url", "manage_url")} | {"id": {"type": "integer"}}}}}},
            "400": {"description": "Not JSON", **_ERROR}, "401": {"description": "Missing or wrong key", **_ERROR},
            "409": {"description": "The slot is taken (slot_taken, with alternatives), or the same person already "
                                   "has it (duplicate_booking)", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"error": {"type": "object"},
                                                 "alternatives": {"type": "array", "items": _SLOT}}}}}},
            "422": {"description": "A field cannot be used (named in error.field)", **_ERROR},
            "429": {"description": "Too many requests", **_ERROR},
            "503": {"description": "Busy, try again", **_ERROR}}}},
    "/bookings/{reference}": {"delete": {
        "summary": "Cancel one of the partner's bookings", "security": [{"ApiKey": []}],
        "parameters": [{"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "Cancelled", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"status": {"type": "string", "enum": ["cancelled"]},
                                             "reference": {"type": "string"}}}}}},
                      "401": {"description": "Missing or wrong key", **_ERROR},
                      "404": {"description": "No such booking for this partner", **_ERROR},
                      "409": {"description": "Already past", **_ERROR}}}},
})
