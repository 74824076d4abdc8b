"""API v1, availability: GET /appointment-types and GET /sites/ID/slots (free slots only)."""
from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, jsonify, request
from flask_babel import gettext
from sqlalchemy import select

from bookingsite import clock
from bookingsite.api.blueprint import bp
from bookingsite.api.errors import BadParameter, int_arg, json_error
from bookingsite.api.openapi import register_paths
from bookingsite.booking.service import slots_for
from bookingsite.core.text import FIRST_DAY, LAST_DAY, read_day
from bookingsite.directory.schema import MODALITIES
from bookingsite.extensions import db, limiter
from bookingsite.models import AppointmentType, Site


def _types() -> list[AppointmentType]:
    return list(db.session.scalars(select(AppointmentType).order_by(AppointmentType.position, AppointmentType.id)))


@bp.get("/appointment-types")
def appointment_types():
    """The kinds of appointment that can be booked, with their length and modalities."""
    return jsonify({"types": [{"id": t.id, "label": gettext(t.label), "duration_min": t.duration_min,
                               "modalities": t.modalities} for t in _types()]})


def _search_limit() -> str:
    return current_app.config["BOOKINGSITE_RATELIMIT_SEARCH"]


def _start_date(site: Site) -> date:
    try:
        return read_day(request.args.get("from"), clock.now().astimezone(ZoneInfo(site.timezone)).date())
    except ValueError:
        raise BadParameter("from", f"'from' must be a date written YYYY-MM-DD, from {FIRST_DAY} to {LAST_DAY}") from None


def _appointment_type() -> AppointmentType:
    types = _types()
    wanted = request.args.get("type")
    if not wanted:
        if not types:
            raise BadParameter("type", "no appointment type is defined", 404)
        return types[0]  # the first interview comes first in the directory
    found = next((t for t in types if t.id == wanted), None)
    if found is None:
        raise BadParameter("type", f"'type' must be one of: {', '.join(t.id for t in types)}", 422)
    return found


@bp.get("/sites/<site_id>/slots")
@limiter.limit(_search_limit)
def site_free_slots(site_id: str):
    """Free slots of a site, from a date, for a number of days, a type and a modality."""
    site = db.session.get(Site, site_id)
    if site is None:
        return json_error(404, "not_found", f"no site with id {site_id!r}")
    start, days, kind = _start_date(site), int_arg("days", 14, 1, 62), _appointment_type()
    modality = request.args.get("modality") or None
    if modality is not None and modality not in MODALITIES:
        raise BadParameter("modality", f"'modality' must be one of: {', '.join(MODALITIES)}", 422)
    today = clock.now().astimezone(ZoneInfo(site.timezone)).date()
    if start < today - timedelta(days=1) or start > today + timedelta(days=kind.horizon_days):
        raise BadParameter("from", f"'from' must be between today and {kind.horizon_days} days ahead", 422)
    result = slots_for(site, kind, modality, start, days, clock.now())
    return current_app.response_class(result.to_api_json(), mimetype="application/json")


_SLOT = {"type": "object", "properties": {"start": {"type": "string", "format": "date-time"},
                                          "end": {"type": "string", "format": "date-time"},
                                          "modality": {"type": "string", "enum": list(MODALITIES)}}}
register_paths({
    "/appointment-types": {"get": {"summary": "Appointment types", "responses": {"200": {"description": "OK"}}}},
    "/sites/{id}/slots": {"get": {
        "summary": "Free slots of a site",
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
            {"name": "days", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 62, "default": 14}},
            {"name": "type", "in": "query", "schema": {"type": "string"}},
            {"name": "modality", "in": "query", "schema": {"type": "string", "enum": list(MODALITIES)}}],
        "responses": {"200": {"description": "Free slots", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"site_id": {"type": "string"}, "timezone": {"type": "string"},
                                             "type": {"type": "string"}, "feeds": {"type": "array"},
                                             "slots": {"type": "array", "items": _SLOT}}}}}},
                      "404": {"description": "Unknown site"}, "422": {"description": "Invalid parameter"}}}},
})
