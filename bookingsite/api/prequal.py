"""API v1, questionnaire: GET /questionnaire (the current version) and POST /prequal (answers -> outcome)."""
from __future__ import annotations

from flask import current_app, jsonify, request
from flask_babel import get_locale, gettext

from bookingsite import clock
from bookingsite.api.blueprint import bp
from bookingsite.api.errors import json_error
from bookingsite.api.openapi import register_paths
from bookingsite.extensions import limiter
from bookingsite.prequal.documents import errors_document, outcome_document, questionnaire_document
from bookingsite.prequal.engine import FieldError, InvalidAnswers
from bookingsite.prequal.loader import current
from bookingsite.prequal.service import outcome_of, record_prequal

CHANNELS = ("web", "phone", "widget")


@bp.get("/questionnaire")
def questionnaire():
    """The current questionnaire: version, steps, questions, choices and display conditions."""
    return jsonify(questionnaire_document(current(), gettext))


def _form_limit() -> str:
    return current_app.config["BOOKINGSITE_RATELIMIT_FORM"]


@bp.post("/prequal")
@limiter.limit(_form_limit)
def prequal():
    """Record a completed questionnaire and answer its outcome (scope, networks, advice…)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
        return json_error(422, "invalid_body", "the body must be a JSON object with an 'answers' object",
                          field="answers")
    channel = body.get("channel", "web")
    if channel not in CHANNELS:
        return jsonify(errors_document([FieldError("channel", "invalid_choice", "Choose one of the options offered.")],
                                       gettext)), 422
    try:
        row = record_prequal(body["answers"], channel, None, None, str(get_locale() or "fr"), clock.now())
    except InvalidAnswers as exc:
        return jsonify(errors_document(exc.errors, gettext)), 422
    return jsonify(outcome_document(outcome_of(row), gettext, row.id))


register_paths({
    "/questionnaire": {"get": {"summary": "The current questionnaire", "responses": {"200": {"description": "OK"}}}},
    "/prequal": {"post": {
        "summary": "Pre-qualify: answers in, outcome out (scope, networks, need, urgency, appointment type, advice)",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["answers"],
            "properties": {"answers": {"type": "object"}, "channel": {"type": "string", "enum": list(CHANNELS)}}}}}},
        "responses": {"200": {"description": "The outcome, with the id to carry into a booking"},
                      "422": {"description": "Invalid answers; the error names the field",
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
})
