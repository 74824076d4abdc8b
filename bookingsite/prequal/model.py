"""The questionnaire's typed structure: steps, questions, conditions and rules (plain frozen dataclasses)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# An answer as stored: a choice id (single), a list of choice ids (multi) or a text (place).
Answer = str | list
Answers = Mapping[str, Answer]

KINDS = ("single", "multi", "place")
SCOPES = ("in", "out", "choice")


class QuestionnaireError(ValueError):
    """The questionnaire file is invalid; ``item`` names the faulty entry (e.g. ``routes[3].when``)."""

    def __init__(self, item: str, message: str):
        super().__init__(f"{item}: {message}")
        self.item = item
        self.message = message


@dataclass(frozen=True)
class Term:
    """One test of a condition: the answer to ``question`` is (or contains) one of ``choices``."""

    question: str
    choices: frozenset[str]


@dataclass(frozen=True)
class Condition:
    """A disjunction of conjunctions of terms; ``Condition(((),))`` is always true."""

    clauses: tuple[tuple[Term, ...], ...] = ((),)

    def terms(self) -> list[Term]:
        """Every term, in every clause."""
        return [term for clause in self.clauses for term in clause]

    def questions(self) -> set[str]:
        """The questions this condition reads."""
        return {term.question for term in self.terms()}


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    show_if: Condition = field(default_factory=Condition)  # offered only when it holds (earlier answers)
    sensitive: bool = False  # health or disability (GDPR art. 9): never in the copies sent to the operator


@dataclass(frozen=True)
class Question:
    id: str
    step: str
    kind: str
    required: bool
    label: str
    hint: str | None = None
    choices: tuple[Choice, ...] = ()
    show_if: Condition = field(default_factory=Condition)
    sensitive: bool = False  # its answers are health or disability data (GDPR art. 9): see Choice.sensitive

    def choice_ids(self) -> tuple[str, ...]:
        """The ids of the choices, in display order."""
        return tuple(c.id for c in self.choices)

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with this id, if any."""
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Step:
    id: str
    title: str


@dataclass(frozen=True)
class Network:
    id: str
    name: str
    description: str
    phone: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class Route:
    """Decides the scope and the other networks to show; the first matching route wins."""

    id: str
    when: Condition
    scope: str
    networks: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class UrgencyRule:
    id: str
    when: Condition
    reason: str


@dataclass(frozen=True)
class AppointmentRule:
    when: Condition
    type: str


@dataclass(frozen=True)
class AdviceRule:
    id: str
    when: Condition
    title: str
    text: str
    url: str | None = None
    script: str | None = None  # the agent desk's words for it ("Advise the person to…")


@dataclass(frozen=True)
class Questionnaire:
    version: str
    steps: tuple[Step, ...]
    questions: tuple[Question, ...]
    networks: Mapping[str, Network]
    routes: tuple[Route, ...]
    urgency: tuple[UrgencyRule, ...]
    appointment: tuple[AppointmentRule, ...]
    advice: tuple[AdviceRule, ...]

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if any."""
        return next((q for q in self.questions if q.id == question_id), None)

    def step_questions(self, step_id: str) -> tuple[Question, ...]:
        """The questions of one step, in order."""
        return tuple(q for q in self.questions if q.step == step_id)
