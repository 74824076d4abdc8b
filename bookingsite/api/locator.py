"""API v1, locator: GET /communes, GET /sites (nearest to a postal code, a commune or a position), GET /sites/ID."""
from __future__ import annotations

from flask import current_app, jsonify, request
from flask_babel import gettext

from bookingsite import clock
from bookingsite.api.blueprint import bp
from bookingsite.api.errors import bad_day, json_error
from bookingsite.api.responses import CommunesAnswer, SitesAnswer, SiteWeek
from bookingsite.api.schemas import (
    AroundCommune,
    AroundPosition,
    AroundPostcode,
    CommunesQuery,
    SitesQuery,
    WeekQuery,
)
from bookingsite.api.spec import answers, spec
from bookingsite.core.http_cache import PAGE_S, REFERENCE_S, cacheable
from bookingsite.core.text import read_day
from bookingsite.extensions import db, limiter
from bookingsite.geo import reference
from bookingsite.locator.directory import current_snapshot
from bookingsite.locator.search import (
    NotFound,
    Origin,
    commune_origin,
    position_origin,
    resolve_insee,
)
from bookingsite.locator.serialize import (
    commune_json,
    operator_json,
    origin_json,
    site_json,
    week_json,
)
from bookingsite.locator.service import local_today, search_sites, site_week


class NoOrigin(LookupError):
    """A well-formed origin that leads nowhere: unknown code or a position outside France (404)."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@bp.errorhandler(NoOrigin)
def no_origin(exc: NoOrigin):
    """Answered with its own code, so a client can tell "unknown" from "malformed"."""
    return json_error(exc.status, exc.code, exc.message)


def _search_limit() -> str:
    return current_app.config["BOOKINGSITE_RATELIMIT_SEARCH"]


@bp.get("/communes")
@cacheable(REFERENCE_S)
@limiter.limit(_search_limit)
@spec.validate(query=CommunesQuery, resp=answers(CommunesAnswer, 400), validation_error_status=400)
def locator_communes():
    """Communes whose name or postal code starts with q (accents, case and 'st'/'saint' ignored)."""
    query: CommunesQuery = request.context.query
    return jsonify({"communes": [commune_json(c) for c in reference().search(query.q, query.limit)]})


def _origin(around: AroundPostcode | AroundCommune | AroundPosition) -> Origin:
    """The origin the call names: a postal code, an INSEE code or a position (the model allows exactly one)."""
    if isinstance(around, AroundPostcode):
        communes = reference().communes_for_postcode(around.postcode)
        if not communes:
            raise NoOrigin(404, "unknown_postcode", gettext("No commune has the postal code %(code)s.", code=around.postcode))
        return commune_origin(communes[0], around.postcode)  # the most populous: its region is the code's
    if isinstance(around, AroundCommune):
        found = resolve_insee(around.insee, reference())
        if isinstance(found, NotFound):
            raise NoOrigin(404, "unknown_insee", gettext("No commune has this code."))
        return found
    found = position_origin(around.lat, around.lon, reference())
    if isinstance(found, NotFound):
        raise NoOrigin(404, "outside_area", gettext("This position is not in France (or is at sea): no site is near it."))
    return found


@bp.get("/sites")
@cacheable(PAGE_S)
@limiter.limit(_search_limit)
@spec.validate(query=SitesQuery, resp=answers(SitesAnswer, 400, 404), validation_error_status=400)
def locator_sites():
    """The operator serving the origin's region and the nearest sites (within 300 km), nearest first."""
    around = request.context.query.root
    origin = _origin(around)
    now = clock.now()
    snapshot = current_snapshot(current_app, db.session, now)
    result = search_sites(snapshot, origin, now, limit=around.limit)
    body = {"origin": origin_json(origin), "operator": operator_json(result.operator),
            "sites": [site_json(f.site, f.state, f.distance_km) for f in result.sites]}
    choices = reference().communes_for_postcode(origin.postcode or "") if isinstance(around, AroundPostcode) else ()
    if len(choices) > 1:  # the person may want to pick their own commune of this code
        body["communes"] = [commune_json(c) for c in choices]
    return jsonify(body)


@bp.get("/sites/<site_id>")
@cacheable(PAGE_S)
@spec.validate(query=WeekQuery, resp=answers(SiteWeek, 400, 404), validation_error_status=400)
def locator_site(site_id: str):
    """One site, its open state and its hours for 7 days from ``from`` (default: today, in its zone)."""
    now = clock.now()
    snapshot = current_snapshot(current_app, db.session, now)
    site = snapshot.by_id.get(site_id)
    if site is None:
        return json_error(404, "not_found", gettext("No site has this id."))
    try:
        start = read_day(request.context.query.from_, local_today(site, now))
    except ValueError:
        raise bad_day() from None
    body = site_json(site, snapshot.state(site, now))
    body["week"] = week_json(site_week(site, start))
    return jsonify(body)
