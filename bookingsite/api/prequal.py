"""API v1, questionnaire: GET /questionnaire (the current version) and POST /prequal (answers -> outcome)."""
from __future__ import annotations

from flask import current_app, jsonify
from flask_babel import get_locale, gettext

from bookingsite import clock
from bookingsite.api.blueprint import bp
from bookingsite.api.responses import Outcome, Questionnaire
from bookingsite.api.schemas import PrequalRequest
from bookingsite.api.spec import answers, json_body, spec
from bookingsite.extensions import limiter
from bookingsite.prequal.documents import errors_document, outcome_document, questionnaire_document
from bookingsite.prequal.engine import InvalidAnswers
from bookingsite.prequal.loader import current
from bookingsite.prequal.service import outcome_of, record_prequal


@bp.get("/questionnaire")
@spec.validate(resp=answers(Questionnaire))
def questionnaire():
    """The current questionnaire: version, steps, questions, choices and display conditions."""
    return jsonify(questionnaire_document(current(), gettext))


def _form_limit() -> str:
    return current_app.config["BOOKINGSITE_RATELIMIT_FORM"]


@bp.post("/prequal")
@limiter.limit(_form_limit)
@spec.validate(json=PrequalRequest, resp=answers(Outcome, 404))
def prequal():
    """Record a completed questionnaire and answer its outcome (scope, networks, need, urgency, advice…)."""
    body: PrequalRequest = json_body(PrequalRequest)
    try:
        row = record_prequal(body.answers, body.channel, None, None, str(get_locale() or "fr"), clock.now())
    except InvalidAnswers as exc:
        # Well-formed answers whose place names no commune lead nowhere, like an unknown postal code: 404.
        unknown = all(error.code == "unknown_place" for error in exc.errors)
        return jsonify(errors_document(exc.errors, gettext)), 404 if unknown else 422
    return jsonify(outcome_document(outcome_of(row), gettext, row.id))
