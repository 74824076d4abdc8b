"""Render-ready steps: the questionnaire and the answers so far, translated, for a page or the agent desk.

Pure: the caller passes ``translate`` (``flask_babel.gettext`` in a request, ``str`` for English).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bookingsite.prequal.conditions import offered
from bookingsite.prequal.engine import FieldError, effective_answers, planned_steps, visible_questions
from bookingsite.prequal.model import Answers, Question, Questionnaire

Translate = Callable[[str], str]


@dataclass(frozen=True)
class ChoiceView:
    id: str
    label: str
    checked: bool


@dataclass(frozen=True)
class QuestionView:
    id: str
    kind: str  # single | multi | place
    label: str
    hint: str | None
    required: bool
    value: str  # the text typed, for a place question
    choices: tuple[ChoiceView, ...]
    error: str | None  # translated message tied to the field


@dataclass(frozen=True)
class StepView:
    id: str
    title: str
    number: int  # 1-based position among the planned steps
    total: int
    questions: tuple[QuestionView, ...]


class UnknownStep(LookupError):
    """The step does not exist or is not shown for these answers."""


def _selected(value: object) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, (list, tuple)):
        return {v for v in value if isinstance(v, str)}
    return set()


def question_view(question: Question, answers: Answers, translate: Translate,
                  error: FieldError | None = None, earlier: Answers | None = None) -> QuestionView:
    """One question ready to render, the choices ``earlier`` (valid) answers offer, its earlier answer checked or
    typed, its error translated."""
    value = answers.get(question.id)
    chosen = _selected(value)
    return QuestionView(
        id=question.id, kind=question.kind, label=translate(question.label),
        hint=translate(question.hint) if question.hint else None, required=question.required,
        value=value if isinstance(value, str) and question.kind == "place" else "",
        choices=tuple(ChoiceView(c.id, translate(c.label), c.id in chosen)
                      for c in offered(question, answers if earlier is None else earlier)),
        error=translate(error.message) if error else None,
    )


def render_step(questionnaire: Questionnaire, answers: Answers, step_id: str, translate: Translate,
                errors: Mapping[str, FieldError] | None = None) -> StepView:
    """One step (its questions shown for these answers), with its position in the planned steps."""
    planned = [s.id for s in planned_steps(questionnaire, answers)]
    shown = [q for q in visible_questions(questionnaire, answers) if q.step == step_id]
    if step_id not in planned or not shown:
        raise UnknownStep(step_id)
    step = next(s for s in questionnaire.steps if s.id == step_id)
    errors, earlier = errors or {}, effective_answers(questionnaire, answers)
    return StepView(step.id, translate(step.title), planned.index(step_id) + 1, len(planned),
                    tuple(question_view(q, answers, translate, errors.get(q.id), earlier) for q in shown))


def render_steps(questionnaire: Questionnaire, answers: Answers, translate: Translate,
                 errors: Mapping[str, FieldError] | None = None) -> list[StepView]:
    """Every step shown for these answers (the agent desk renders them on one page)."""
    shown = {q.step for q in visible_questions(questionnaire, answers)}
    planned = [s.id for s in planned_steps(questionnaire, answers)]
    return [render_step(questionnaire, answers, step_id, translate, errors)
            for step_id in planned if step_id in shown]
