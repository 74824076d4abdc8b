"""API v1, the offer: GET /prequal/ID/offer, what the other channels offer the same person (partners' key).

The sites that may book the person (the operator serving their region first; another region's only when asked with
``?region=``, each labelled with its operator), the appointment type each site would book, and the slot window.
"""
from __future__ import annotations

from flask import jsonify, request
from pydantic import BaseModel, Field

from bookingsite import clock
from bookingsite.api.blueprint import bp
from bookingsite.api.errors import json_error
from bookingsite.api.keys import limited_per_key, partner_from_api_key
from bookingsite.api.schemas import Query, text
from bookingsite.api.spec import API_KEY, answers, spec
from bookingsite.booking import catalogue
from bookingsite.booking.offer import appointment_type_for, modality_for, slot_window
from bookingsite.extensions import db
from bookingsite.prequal.service import get_prequal


class OfferQuery(Query):
    region: text(4, 1) = Field(None, description="another region whose sites the person chose to see")


class OfferOperator(BaseModel):
    id: str
    name: str


class OfferWindow(BaseModel):
    first: str = Field(json_schema_extra={"format": "date"})
    last: str = Field(json_schema_extra={"format": "date"})


class OfferedSite(BaseModel):
    id: str
    name: str
    operator: OfferOperator
    other_region: bool
    distance_km: float | None
    appointment_type: str | None
    modality: str | None
    window: OfferWindow | None


class Offer(BaseModel):
    prequal_id: str
    region: str | None
    operator: OfferOperator | None
    sites: list[OfferedSite]


def _site_json(offered, types: list, wanted: str | None, modality: str | None, now) -> dict:
    site = offered.site
    kind = appointment_type_for(types, wanted, site.modalities or [])  # as catalogue.type_for_site, types read once
    window = slot_window(now, site.timezone, kind.horizon_days) if kind else None
    return {"id": site.id, "name": site.name, "operator": {"id": offered.operator_id, "name": offered.operator_name},
            "other_region": offered.other_region,
            "distance_km": round(offered.distance_km, 3) if offered.distance_km is not None else None,
            "appointment_type": kind.id if kind else None,
            "modality": modality_for(site.modalities, kind.modalities, modality) if kind else None,
            "window": {"first": window.first.isoformat(), "last": window.last.isoformat()} if window else None}


@bp.get("/prequal/<prequal_id>/offer")
@limited_per_key
@spec.validate(query=OfferQuery, resp=answers(Offer, 400, 401, 404), security=API_KEY, validation_error_status=400)
def prequal_offer(prequal_id: str):
    """The operator, the sites in order, each one's appointment type and slot window, for a finished questionnaire."""
    if partner_from_api_key() is None:
        return json_error(401, "unauthorized", "A valid partner key is required in the X-Api-Key header.")
    row = get_prequal(prequal_id)
    if row is None:
        return json_error(404, "not_found", "no finished questionnaire has this id")
    operator = catalogue.serving_operator(db.session, row.region_code)
    chosen = catalogue.known_region(request.context.query.region)
    sites = catalogue.sites_for(db.session, row.region_code, row.insee, chosen) if row.scope != "out" else ()
    now, types = clock.now(), catalogue.appointment_types(db.session)
    return jsonify({"prequal_id": row.id, "region": row.region_code,
                    "operator": {"id": operator.id, "name": operator.name} if operator else None,
                    "sites": [_site_json(s, types, row.appointment_type, row.modality, now) for s in sites]})
