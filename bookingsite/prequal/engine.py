"""The pure questionnaire engine: which questions to ask, whether answers are valid, what the outcome is.

No Flask, no I/O, no clock: functions take the questionnaire and the answers and return plain values.
Texts are returned as msgids (English); callers translate them when they render.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bookingsite.messages import N_
from bookingsite.prequal.conditions import holds, may_hold, offered
from bookingsite.prequal.model import (
    AdviceRule,
    Answer,
    Answers,
    Network,
    Question,
    Questionnaire,
    QuestionnaireError,
    Step,
)

# Questions the outcome reads by id; the loader checks the questionnaire has them.
NEEDS, MODALITY = "needs", "modality"
PLACE_MAX_LENGTH = 100


@dataclass(frozen=True)
class FieldError:
    """One invalid answer: ``field`` is the question id, ``message`` an English msgid."""

    field: str
    code: str  # unknown_question | invalid_choice | invalid_value | required
    message: str


class InvalidAnswers(ValueError):
    """The answers cannot give an outcome; ``errors`` says which field is wrong and why."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class SummaryLine:
    """One answered question for the advisor's summary: label and answer(s) as msgids, or a typed text."""

    question: str
    label: str
    answers: tuple[str, ...]
    translatable: bool = True


@dataclass(frozen=True)
class Outcome:
    """What the questionnaire concludes: scope, other networks, need, urgency, appointment, advice."""

    version: str
    route: str
    scope: str  # in | out | choice
    reason: str
    networks: tuple[Network, ...]
    needs: tuple[str, ...]
    urgent: bool
    urgency: str | None  # the urgency rule id
    urgency_reason: str | None
    appointment_type: str | None
    modality: str | None
    advice: tuple[AdviceRule, ...]
    summary: tuple[SummaryLine, ...]


MESSAGES = {
    "unknown_question": N_("This question does not exist."),
    "invalid_choice": N_("Choose one of the options offered."),
    "invalid_value": N_("Enter a postal code or the name of a commune."),
    "required": N_("Please answer this question."),
}


def _error(field: str, code: str) -> FieldError:
    return FieldError(field, code, MESSAGES[code])


def is_empty(value: object) -> bool:
    """Whether a value counts as no answer at all (absent, blank text, empty list)."""
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def check_value(question: Question, value: Answer, earlier: Answers) -> str | None:
    """The error code for a non-empty value of this question, or None when it is valid (a choice must be one
    offered after the ``earlier`` answers)."""
    ids = {c.id for c in offered(question, earlier)}
    if question.kind == "single":
        return None if isinstance(value, str) and value in ids else "invalid_choice"
    if question.kind == "multi":
        if not isinstance(value, (list, tuple)) or len(set(value)) != len(value):
            return "invalid_choice"
        return None if all(isinstance(v, str) and v in ids for v in value) else "invalid_choice"
    ok = isinstance(value, str) and len(value.strip()) <= PLACE_MAX_LENGTH
    return None if ok else "invalid_value"


def _walk(questionnaire: Questionnaire, answers: Answers) -> Iterator[tuple[Question, bool, Answer | None, str | None]]:
    """Each question with its visibility, its kept value and its error code, given the earlier valid answers."""
    kept: dict[str, Answer] = {}
    for question in questionnaire.questions:
        visible = holds(question.show_if, kept)
        value = answers.get(question.id)
        code = None
        if not visible:
            value = None
        elif is_empty(value):
            value, code = None, ("required" if question.required else None)
        else:
            code = check_value(question, value, kept)
            if code is None:
                kept[question.id] = value.strip() if isinstance(value, str) and question.kind == "place" else value
                value = kept[question.id]
            else:
                value = None
        yield question, visible, value, code


def effective_answers(questionnaire: Questionnaire, answers: Answers) -> dict[str, Answer]:
    """The valid answers to the questions that are shown; answers to hidden questions are set aside."""
    return {q.id: value for q, visible, value, _ in _walk(questionnaire, answers) if value is not None}


def visible_questions(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    """The questions shown for these answers, in order."""
    return [q for q, visible, _, _ in _walk(questionnaire, answers) if visible]


def validate_answers(questionnaire: Questionnaire, answers: Answers) -> list[FieldError]:
    """Every problem with the answers: unknown question, wrong choice or value, missing required answer."""
    if not isinstance(answers, dict):
        return [FieldError("answers", "invalid_value", N_("The answers must be an object."))]
    errors = [_error(str(key), "unknown_question") for key in answers if questionnaire.question(str(key)) is None]
    errors += [_error(q.id, code) for q, _, _, code in _walk(questionnaire, answers) if code]
    return errors


def visible_steps(questionnaire: Questionnaire, answers: Answers) -> list[Step]:
    """The steps with at least one question shown for these answers."""
    shown = {q.step for q in visible_questions(questionnaire, answers)}
    return [s for s in questionnaire.steps if s.id in shown]


def planned_steps(questionnaire: Questionnaire, answers: Answers) -> list[Step]:
    """The steps shown now or that may still be shown once the pending questions are answered."""
    kept = effective_answers(questionnaire, answers)
    pending: set[str] = set()  # shown or maybe shown, not answered yet
    maybe: set[str] = set()
    for question in questionnaire.questions:
        if may_hold(question.show_if, kept, pending):
            maybe.add(question.step)
            if question.id not in kept:
                pending.add(question.id)
    return [s for s in questionnaire.steps if s.id in maybe]


def next_questions(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    """The shown questions of the first step that still lacks a valid required answer; [] when complete."""
    walked = list(_walk(questionnaire, answers))
    pending = next((q.step for q, visible, _, code in walked if visible and code), None)
    if pending is None:
        return []
    return [q for q, visible, _, _ in walked if visible and q.step == pending]


def summary(questionnaire: Questionnaire, answers: Answers, shared: bool = False) -> tuple[SummaryLine, ...]:
    """The answered questions with their answers as msgids, for the advisor; ``shared``: the copy that leaves the
    site (the operator's calendar and e-mail), without health or disability answers (``sensitive``)."""
    lines = []
    for question, _, value, _ in _walk(questionnaire, answers):
        if value is None or (shared and question.sensitive):
            continue
        if question.kind == "place":
            lines.append(SummaryLine(question.id, question.label, (value,), translatable=False))
            continue
        chosen = [question.choice(i) for i in ([value] if isinstance(value, str) else value)]
        labels = tuple(c.label for c in chosen if not (shared and c.sensitive))
        if labels:
            lines.append(SummaryLine(question.id, question.label, labels))
    return tuple(lines)


def outcome(questionnaire: Questionnaire, answers: Answers) -> Outcome:
    """The outcome of complete, valid answers; raises InvalidAnswers otherwise."""
    errors = validate_answers(questionnaire, answers)
    if errors:
        raise InvalidAnswers(errors)
    kept = effective_answers(questionnaire, answers)
    route = next((r for r in questionnaire.routes if holds(r.when, kept)), None)
    if route is None:  # the loader proves every reachable path has a route; this guards hand-built objects
        raise QuestionnaireError("routes", "no route matches these answers")
    networks = tuple(questionnaire.networks[n] for n in route.networks)
    base = {"version": questionnaire.version, "route": route.id, "scope": route.scope, "reason": route.reason,
                "networks": networks, "summary": summary(questionnaire, answers)}
    if route.scope == "out":
        return Outcome(**base, needs=(), urgent=False, urgency=None, urgency_reason=None,
                       appointment_type=None, modality=None, advice=())
    urgency = next((u for u in questionnaire.urgency if holds(u.when, kept)), None)
    appointment = next((a for a in questionnaire.appointment if holds(a.when, kept)), None)
    return Outcome(
        **base,
        needs=tuple(kept.get(NEEDS, ())),
        urgent=urgency is not None,
        urgency=urgency.id if urgency else None,
        urgency_reason=urgency.reason if urgency else None,
        appointment_type=appointment.type if appointment else None,
        modality=kept.get(MODALITY),
        advice=tuple(a for a in questionnaire.advice if holds(a.when, kept)),
    )
