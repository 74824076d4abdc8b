"""JSON documents of the API: the questionnaire itself and an outcome (pure; the caller passes ``translate``)."""
from __future__ import annotations

from collections.abc import Callable

from bookingsite.prequal.engine import PLACE_MAX_LENGTH, FieldError, Outcome
from bookingsite.prequal.model import Condition, Network, Question, Questionnaire

Translate = Callable[[str], str]
TYPEABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"  # no control character (refused before any view)


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
                "choices": [{"id": c.id, "label": translate(c.label), "show_if": condition_document(c.show_if)}
                            for c in q.choices],
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


def value_schema(question: Question) -> dict:
    """The JSON Schema of one answer: a choice id, a list of distinct ones, or a place's text."""
    if question.kind == "single":
        return {"type": "string", "enum": list(question.choice_ids())}
    if question.kind == "multi":
        return {"type": "array", "uniqueItems": True, "minItems": 1 if question.required else 0,
                "items": {"type": "string", "enum": list(question.choice_ids())}}
    # Text a person types, not blank (``is_empty``), no control character (refused before any view).
    return {"type": "string", "maxLength": PLACE_MAX_LENGTH,
            "pattern": TYPEABLE[:-1] + r"[^\s\x00-\x1f\x7f]" + TYPEABLE[1:]}


def shown_schema(questionnaire: Questionnaire, question: Question) -> dict:
    """The JSON Schema of "this question is shown": a clause of its condition holds on shown, valid answers."""
    return condition_schema(questionnaire, question.show_if)


def condition_schema(questionnaire: Questionnaire, condition: Condition) -> dict:
    """The JSON Schema of "this condition holds" on shown, valid answers ({} when it always holds)."""
    if condition.clauses == ((),):
        return {}
    clauses = []
    for clause in condition.clauses:
        terms = []
        for term in clause:
            asked = questionnaire.question(term.question)
            matches = ({"allOf": [value_schema(asked), {"contains": {"enum": sorted(term.choices)}}]}
                       if asked.kind == "multi" else {"enum": sorted(term.choices)})
            terms += [{"required": [term.question], "properties": {term.question: matches}},
                      shown_schema(questionnaire, asked)]
        clauses.append({"allOf": [t for t in terms if t]})
    return {"anyOf": clauses}


# What ``is_empty`` counts as no answer; and the shape of any answer, even to a hidden question set aside unread.
NO_ANSWER = {"anyOf": [{"type": "null"}, {"type": "string", "pattern": r"^[^\S\x0b\x0c\x1c-\x1f]*$"}, {"type": "array", "maxItems": 0}]}
SET_ASIDE = {"anyOf": [{"type": "null"}, {"type": "string", "pattern": TYPEABLE},
                       {"type": "array", "items": {"type": "string", "pattern": TYPEABLE}}]}


def _chosen(question: Question, choice_id: str) -> dict:
    """The JSON Schema of "this choice is (among) the answer"."""
    matches = {"type": "array", "contains": {"const": choice_id}} if question.kind == "multi" else {"const": choice_id}
    return {"required": [question.id], "properties": {question.id: matches}}


def answers_schema(questionnaire: Questionnaire) -> dict:
    """The JSON Schema of complete answers, as ``validate_answers`` decides: known questions only, each shown
    question's answer well formed, each required one answered (answers to hidden ones are set aside), and each
    choice only where it is offered."""
    rules = []
    for q in questionnaire.questions:
        shown = value_schema(q) if q.required else {"anyOf": [value_schema(q), NO_ANSWER]}
        rules.append({"if": shown_schema(questionnaire, q), "then": {
            "properties": {q.id: shown}, "required": [q.id] if q.required else []}})
        rules += [{"if": {"allOf": [shown_schema(questionnaire, q), _chosen(q, c.id)]},
                   "then": condition_schema(questionnaire, c.show_if)}
                  for c in q.choices if c.show_if.clauses != ((),)]
    return {"type": "object", "additionalProperties": False,
            "properties": {q.id: SET_ASIDE for q in questionnaire.questions}, "allOf": rules}
