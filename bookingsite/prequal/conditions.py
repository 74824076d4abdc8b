"""Evaluating conditions against answers (pure)."""
from __future__ import annotations

from bookingsite.prequal.model import Answers, Choice, Condition, Question, Term


def term_holds(term: Term, answers: Answers) -> bool:
    """Whether one term holds: a single answer is one of the choices, a multiple one contains one."""
    value = answers.get(term.question)
    if isinstance(value, str):
        return value in term.choices
    if isinstance(value, (list, tuple)):
        return any(v in term.choices for v in value)
    return False


def holds(condition: Condition, answers: Answers) -> bool:
    """Whether the condition is true for these answers (unanswered questions match nothing)."""
    return any(all(term_holds(t, answers) for t in clause) for clause in condition.clauses)


def may_hold(condition: Condition, answers: Answers, pending: set[str]) -> bool:
    """Whether the condition is true, or could become true once the ``pending`` questions are answered."""
    return any(
        all(t.question in pending or term_holds(t, answers) for t in clause)
        for clause in condition.clauses
    )


def offered(question: Question, earlier: Answers) -> tuple[Choice, ...]:
    """The question's choices offered after these (earlier, valid) answers, in display order."""
    return tuple(c for c in question.choices if holds(c.show_if, earlier))
