"""API v1, availability: GET /appointment-types and GET /sites/ID/slots (free slots only)."""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import current_app, jsonify, request
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from bookingsite import clock
from bookingsite.api.blueprint import bp
from bookingsite.api.errors import BadParameter, bad_day, json_error
from bookingsite.api.responses import AppointmentTypes, FreeSlots
from bookingsite.api.schemas import SlotsQuery
from bookingsite.api.spec import answers, spec
from bookingsite.availability import slot_answers
from bookingsite.availability.snapshots import SiteSlots
from bookingsite.booking.service import slots_for
from bookingsite.core.http_cache import REFERENCE_S, REVALIDATE, cacheable
from bookingsite.core.text import read_day
from bookingsite.extensions import db, limiter
from bookingsite.models import AppointmentType, Site


def _types() -> list[AppointmentType]:
    return list(db.session.scalars(select(AppointmentType).order_by(AppointmentType.position, AppointmentType.id)))


@bp.get("/appointment-types")
@cacheable(REFERENCE_S)
@spec.validate(resp=answers(AppointmentTypes))
def appointment_types():
    """The kinds of appointment that can be booked, with their length and modalities."""
    return jsonify({"types": [{"id": t.id, "label": gettext(t.label), "duration_min": t.duration_min,
                               "modalities": t.modalities} for t in _types()]})


def _search_limit() -> str:
    return current_app.config["BOOKINGSITE_RATELIMIT_SEARCH"]


def _appointment_type(wanted: str | None) -> AppointmentType:
    types = _types()
    if not wanted:
        if not types:
            raise BadParameter("type", gettext("No appointment type is defined."), 404)
        return types[0]  # the first interview comes first in the directory
    found = next((t for t in types if t.id == wanted), None)
    if found is None:  # well formed, names nothing: like an unknown site
        raise BadParameter("type", gettext("'type' must be one of: %(types)s.",
                                           types=", ".join(t.id for t in types)), 404)
    return found


@bp.get("/sites/<site_id>/slots")
@cacheable(REVALIDATE)
@limiter.limit(_search_limit)
@spec.validate(query=SlotsQuery, resp=answers(FreeSlots, 400, 404), validation_error_status=400)
def site_free_slots(site_id: str):
    """Free slots of a site, from a date (default: today), for a number of days, a type and a modality."""
    now = clock.now()
    version = slot_answers.version_reader(current_app.extensions).version(site_id)
    if version is None:
        return json_error(404, "not_found", gettext("No site has this id."))
    key = (site_id, version, request.query_string)
    kept = slot_answers.reuse(current_app.extensions, key, now)
    if kept is not None:
        return _answer(key, kept)
    site = db.session.get(Site, site_id, options=[joinedload(Site.agendas)])
    query: SlotsQuery = request.context.query
    kind = _appointment_type(query.type)
    today = now.astimezone(ZoneInfo(site.timezone)).date()
    try:
        start = read_day(query.from_, today)
    except ValueError:
        raise bad_day() from None
    if start < today - timedelta(days=1) or start > today + timedelta(days=kind.horizon_days):
        # Nothing is bookable outside the booking window: no slots, and no feed read for them.
        return jsonify({"site_id": site.id, "timezone": site.timezone, "type": kind.id, "feeds": [], "slots": []})
    result = slots_for(site, kind, query.modality, start, query.days, now)
    slot_answers.keep(current_app.extensions, key, result, now)
    return _answer(key, result)


def _answer(key: tuple, result: SiteSlots):
    """The JSON answer, with its digest as ETag (the answer check and the HTTP cache then hash nothing)."""
    body, digest = slot_answers.api_body(current_app.extensions, key, result)
    response = current_app.response_class(body, mimetype="application/json")
    response.set_etag(digest)
    return response
