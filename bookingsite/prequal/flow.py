"""The one questionnaire flow: take the answers posted from a page, check them, and say what comes next (pure).

The web pages (one step a page), the widget (the same steps, the place already known) and the agent desk (every
question on one page) all advance through it; only how they keep the answers between pages differs.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from bookingsite.prequal.engine import (
    FieldError,
    next_questions,
    validate_answers,
    visible_questions,
    visible_steps,
)
from bookingsite.prequal.model import Questionnaire


@dataclass(frozen=True)
class Advance:
    """Where the flow stands after a page: the answers kept, the errors of the questions shown, and what is next.

    ``again``: an answer revealed a follow-up question on this page, ask it; ``following``: the next step, None on
    the last one (then the questionnaire is complete: record it).
    """

    answers: dict
    errors: dict[str, FieldError] = field(default_factory=dict)
    again: bool = False
    following: str | None = None

    @property
    def finished(self) -> bool:
        """Every answer is there and valid: the channel records the questionnaire."""
        return not self.errors and not self.again and self.following is None


def posted_answers(questionnaire: Questionnaire, form: Any, step_id: str | None = None,
                   skip: Collection[str] = ()) -> dict:
    """The values posted for the questions that were on the page (``shown``), '' or [] when left empty.

    ``form`` is a multi-dict (``get``, ``getlist``); ``step_id`` None reads every question (one-page flow).
    """
    shown = set(form.getlist("shown"))
    questions = questionnaire.step_questions(step_id) if step_id else questionnaire.questions
    return {q.id: form.getlist(q.id) if q.kind == "multi" else form.get(q.id, "").strip()
            for q in questions if q.id in shown and q.id not in skip}


def steps(questionnaire: Questionnaire, answers: Mapping, skip: Collection[str] = ()) -> list[str]:
    """The steps shown for these answers, in order, but those skipped (the widget asks the place first)."""
    return [s.id for s in visible_steps(questionnaire, answers) if s.id not in skip]


def neighbour(questionnaire: Questionnaire, step_id: str, answers: Mapping, offset: int,
              skip: Collection[str] = ()) -> str | None:
    """The step before (-1) or after (+1) this one, None at either end."""
    shown = steps(questionnaire, answers, skip)
    index = shown.index(step_id) + offset if step_id in shown else -1
    return shown[index] if 0 <= index < len(shown) else None


def advance(questionnaire: Questionnaire, answers: Mapping, posted: Mapping, shown: Collection[str],
            step_id: str | None = None, skip: Collection[str] = ()) -> Advance:
    """Merge the posted answers, check the questions shown, and say whether to ask again, go on, or finish.

    ``step_id`` None is the one-page flow: every question shown must have been on the page.
    """
    merged = {**answers, **posted}
    kept = {k: v for k, v in merged.items() if v not in ("", [])}
    errors = {e.field: e for e in validate_answers(questionnaire, kept) if e.field in shown}
    if step_id is None:
        pending = visible_questions(questionnaire, kept)
    else:
        pending = [q for q in next_questions(questionnaire, kept) if q.step == step_id]
    again = not errors and any(q.id not in shown for q in pending)
    following = None if step_id is None else neighbour(questionnaire, step_id, kept, +1, skip)
    return Advance(kept, errors, again, following)
