"""GET /api/v1/openapi.json: the OpenAPI 3 document, assembled from each resource module's ``PATHS``."""
from __future__ import annotations

from flask import jsonify

from bookingsite.api.blueprint import bp
from bookingsite.api.errors import BadParameter, json_error

PATHS: dict = {}  # resource modules merge their path items here


def register_paths(paths: dict) -> None:
    """Add a resource's path items to the document."""
    PATHS.update(paths)


@bp.errorhandler(BadParameter)
def bad_parameter(exc: BadParameter):
    """A parameter the API cannot use: 4xx with the parameter named."""
    return json_error(exc.status, "invalid_parameter", exc.message, field=exc.name)


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3 description of API v1."""
    return jsonify({
        "openapi": "3.0.3",
        "info": {"title": "bookingsite API", "version": "1.0.0",
                 "description": "Find CEP sites, their hours and free slots; pre-qualify; book."},
        "servers": [{"url": "/api/v1"}],
        "paths": PATHS,
        "components": {
            "securitySchemes": {"ApiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
            "schemas": {"Error": {"type": "object", "properties": {"error": {
                "type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}},
        },
    })
