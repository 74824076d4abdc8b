"""JSON documents of the API: the questionnaire itself and an outcome (pure; the caller passes ``translate``)."""
from __future__ import annotations

from collections.abc import Callable

from bookingsite.prequal.engine import FieldError, Outcome
from bookingsite.prequal.model import Condition, Network, Questionnaire

Translate = Callable[[str], str]


def condition_document(condition: Condition) -> list[dict] | None:
    """A condition as JSON: a list of {question: [choices]} tables, any of which suffices; None if always true."""
    if condition.clauses == ((),):
        return None
    return [{t.question: sorted(t.choices) for t in clause} for clause in condition.clauses]


def questionnaire_document(questionnaire: Questionnaire, translate: Translate) -> dict:
    """The body of GET /api/v1/questionnaire: version, steps, questions with choices and conditions."""
    return {
        "version": questionnaire.version,
        "steps": [{"id": s.id, "title": translate(s.title)} for s in questionnaire.steps],
        "questions": [
            {
                "id": q.id, "step": q.step, "kind": q.kind, "required": q.required,
                "label": translate(q.label), "hint": translate(q.hint) if q.hint else None,
                "choices": [{"id": c.id, "label": translate(c.label)} for c in q.choices],
                "show_if": condition_document(q.show_if),
            }
            for q in questionnaire.questions
        ],
    }


def network_document(network: Network, translate: Translate) -> dict:
    """One network with its contacts."""
    return {"id": network.id, "name": translate(network.name), "phone": network.phone,
            "website": network.website, "description": translate(network.description)}


def outcome_document(outcome: Outcome, translate: Translate, prequal_id: str | None = None) -> dict:
    """The body of POST /api/v1/prequal: scope, networks, need, urgency, appointment type, advice."""
    return {
        "id": prequal_id,
        "version": outcome.version,
        "scope": outcome.scope,
        "reason": translate(outcome.reason),
        "networks": [network_document(n, translate) for n in outcome.networks],
        "need": list(outcome.needs),
        "urgency": {"urgent": outcome.urgent, "reason": translate(outcome.urgency_reason)
                    if outcome.urgency_reason else None},
        "appointment_type": outcome.appointment_type,
        "modality": outcome.modality,
        "advice": [{"id": a.id, "title": translate(a.title), "text": translate(a.text), "url": a.url}
                   for a in outcome.advice],
    }


def errors_document(errors: list[FieldError], translate: Translate) -> dict:
    """A 422 body naming the first faulty field, with every field error listed."""
    first = errors[0]
    return {"error": {"code": first.code, "field": first.field,
                      "message": f"{first.field}: {translate(first.message)}",
                      "fields": [{"field": e.field, "code": e.code, "message": translate(e.message)}
                                 for e in errors]}}
