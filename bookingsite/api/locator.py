"""API v1, locator: GET /communes, GET /sites (nearest to a postal code, a commune or a position), GET /sites/ID."""
from __future__ import annotations

import re

from flask import current_app, jsonify, request

from bookingsite import clock
from bookingsite.api.blueprint import bp
from bookingsite.api.errors import BadParameter, int_arg, json_error
from bookingsite.api.openapi import register_paths
from bookingsite.core.text import read_day
from bookingsite.extensions import db, limiter
from bookingsite.geo import reference
from bookingsite.locator.directory import current_snapshot
from bookingsite.locator.search import (
    MAX_QUERY,
    NotFound,
    Origin,
    commune_origin,
    parse_position,
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

_POSTCODE = re.compile(r"^\d{5}$")


class NoOrigin(LookupError):
    """A well-formed origin that leads nowhere: unknown code (404) or a position outside France (422)."""

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
@limiter.limit(_search_limit)
def locator_communes():
    """Prefix search on commune names and postal codes (accent-, case- and article-insensitive)."""
    query = request.args.get("q", "")
    if not query.strip():
        raise BadParameter("q", "'q' is required: a postal code or the start of a commune name")
    if len(query) > MAX_QUERY:
        raise BadParameter("q", f"'q' must be at most {MAX_QUERY} characters")
    limit = int_arg("limit", 10, 1, 50)
    return jsonify({"communes": [commune_json(c) for c in reference().search(query, limit)]})


def _origin() -> Origin:
    """The origin the call names: ?postcode=, ?insee= or ?lat=&lon= (exactly one of them)."""
    args = request.args
    given = [k for k in ("postcode", "insee") if args.get(k)] + (["lat/lon"] if "lat" in args or "lon" in args else [])
    if len(given) != 1:
        raise BadParameter("postcode", "give exactly one of 'postcode', 'insee' or 'lat' and 'lon'")
    if args.get("postcode"):
        code = args["postcode"].strip()
        if not _POSTCODE.match(code):
            raise BadParameter("postcode", "'postcode' must be 5 digits")
        communes = reference().communes_for_postcode(code)
        if not communes:
            raise NoOrigin(404, "unknown_postcode", f"no commune has the postal code {code}")
        return commune_origin(communes[0], code)  # the most populous: its region is the code's
    if args.get("insee"):
        found = resolve_insee(args["insee"].strip(), reference())
        if isinstance(found, NotFound):
            raise NoOrigin(404, "unknown_insee", "no commune has this INSEE code")
        return found
    position = parse_position(args.get("lat"), args.get("lon"))
    if position is None:
        raise BadParameter("lat", "'lat' and 'lon' must be decimal degrees (-90 to 90, -180 to 180)")
    found = position_origin(position[0], position[1], reference())
    if isinstance(found, NotFound):
        raise NoOrigin(422, "outside_area", "this position is not in France (or is at sea): no site is near it")
    return found


@bp.get("/sites")
@limiter.limit(_search_limit)
def locator_sites():
    """The regional operator of the origin and the nearest sites, ascending geodesic distance."""
    origin = _origin()
    limit = int_arg("limit", 10, 1, 50)
    now = clock.now()
    snapshot = current_snapshot(current_app, db.session, now)
    result = search_sites(snapshot, origin, now, limit=limit)
    body = {"origin": origin_json(origin), "operator": operator_json(result.operator),
            "sites": [site_json(f.site, f.state, f.distance_km) for f in result.sites]}
    choices = reference().communes_for_postcode(origin.postcode or "") if request.args.get("postcode") else ()
    if len(choices) > 1:  # the person may want to pick their own commune of this code
        body["communes"] = [commune_json(c) for c in choices]
    return jsonify(body)


@bp.get("/sites/<site_id>")
def locator_site(site_id: str):
    """One site, its open state and its 7 days of hours from ``from`` (default: today, in its zone)."""
    now = clock.now()
    snapshot = current_snapshot(current_app, db.session, now)
    site = snapshot.by_id.get(site_id)
    if site is None:
        return json_error(404, "not_found", "no site has this id")
    try:
        start = read_day(request.args.get("from"), local_today(site, now))
    except ValueError:
        raise BadParameter("from", "'from' must be a date YYYY-MM-DD between 2000 and 2100") from None
    body = site_json(site, snapshot.state(site, now))
    body["week"] = week_json(site_week(site, start))
    return jsonify(body)


_ERROR = {"$ref": "#/components/schemas/Error"}


def _responses(ok: str, errors: dict[str, str]) -> dict:
    answers = {"200": {"description": ok}}
    answers.update({code: {"description": text, "content": {"application/json": {"schema": _ERROR}}}
                    for code, text in errors.items()})
    return answers


def _param(name: str, description: str, kind: str = "string", required: bool = False, **extra) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": {"type": kind, **extra}}


register_paths({
    "/communes": {"get": {
        "summary": "Communes whose name or postal code starts with q",
        "parameters": [_param("q", "postal code or start of a name (accents, case, 'st'/'saint' ignored)",
                              required=True, maxLength=MAX_QUERY),
                       _param("limit", "at most this many (1-50)", "integer", default=10)],
        "responses": _responses("{communes: [{insee, name, postcode, department, region, lat, lon}]}",
                                {"400": "q missing or too long", "429": "too many requests"})}},
    "/sites": {"get": {
        "summary": "The serving operator and the nearest sites (within 300 km), ascending geodesic distance",
        "parameters": [_param("postcode", "5-digit postal code"), _param("insee", "INSEE commune code"),
                       _param("lat", "latitude", "number"), _param("lon", "longitude", "number"),
                       _param("limit", "at most this many sites (1-50)", "integer", default=10)],
        "responses": _responses(
            "{origin: {label, lat, lon, region}, operator, sites: [{id, name, operator_id, region, address, postcode,"
            " city, lat, lon, distance_km, within_30km, timezone, opening_hours, open_now, next_change, modalities,"
            " wheelchair}]}; next_change is ISO 8601 with the site's offset",
            {"400": "no origin, or a malformed one", "404": "unknown postal code or INSEE code",
             "422": "position outside France or at sea", "429": "too many requests"})}},
    "/sites/{id}": {"get": {
        "summary": "One site and its hours for 7 days",
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                       _param("from", "first day, YYYY-MM-DD (default: today in the site's zone)", format="date")],
        "responses": _responses("the site (no distance) plus week: [{date, intervals: [[HH:MM, HH:MM]], "
                                "closed_reason, closed_kind}]",
                                {"400": "malformed 'from'", "404": "unknown site"})}},
})
