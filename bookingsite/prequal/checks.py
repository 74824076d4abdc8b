"""Load-time checks of a questionnaire: references, order, reachability and rules that can fire.

Each property is proved by searching for answers that show it, over the questions it depends on only.
Conditions only test membership, so each question's choices are folded into the ones some condition names
plus one representative of the rest; a multiple-choice question tries each named choice alone and all of them
together (conditions are monotone in its choices).
"""
from __future__ import annotations

from collections.abc import Callable

from bookingsite.prequal.conditions import holds, offered
from bookingsite.prequal.engine import MODALITY, NEEDS
from bookingsite.prequal.model import Answers, Condition, Question, Questionnaire, QuestionnaireError

PLACE_SAMPLE = "75001"


def _rule_conditions(q: Questionnaire) -> list[tuple[str, Condition]]:
    return ([(f"routes[{i}].when", r.when) for i, r in enumerate(q.routes)]
            + [(f"urgency[{i}].when", u.when) for i, u in enumerate(q.urgency)]
            + [(f"appointment[{i}].when", a.when) for i, a in enumerate(q.appointment)]
            + [(f"advice[{i}].when", a.when) for i, a in enumerate(q.advice)])


def _choice_conditions(q: Questionnaire) -> list[Condition]:
    return [c.show_if for x in q.questions for c in x.choices]


def _check_structure(q: Questionnaire) -> None:
    step_ids = [s.id for s in q.steps]
    for label, ids in (("steps", step_ids), ("questions", [x.id for x in q.questions]),
                       ("routes", [r.id for r in q.routes]), ("advice", [a.id for a in q.advice])):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise QuestionnaireError(label, f"duplicate id {dupes[0]!r}")
    for i, question in enumerate(q.questions):
        if question.step not in step_ids:
            raise QuestionnaireError(f"questions[{i}].step", f"unknown step {question.step!r}")
    for step in q.steps:
        if not q.step_questions(step.id):
            raise QuestionnaireError(f"steps.{step.id}", "this step has no question")
    for qid, kind in ((NEEDS, "multi"), (MODALITY, "single")):
        found = q.question(qid)
        if found is None or found.kind != kind:
            raise QuestionnaireError(f"questions.{qid}", f"a {kind}-choice question {qid!r} is required")
    for i, route in enumerate(q.routes):
        for network in route.networks:
            if network not in q.networks:
                raise QuestionnaireError(f"routes[{i}].networks", f"unknown network {network!r}")


def _check_condition(q: Questionnaire, item: str, condition: Condition, before: set[str] | None) -> None:
    for term in condition.terms():
        question = q.question(term.question)
        if question is None:
            raise QuestionnaireError(item, f"unknown question {term.question!r}")
        if question.kind == "place":
            raise QuestionnaireError(item, f"a condition cannot test the place question {term.question!r}")
        if before is not None and term.question not in before:
            raise QuestionnaireError(item, f"question {term.question!r} is not asked before this one")
        unknown = sorted(term.choices - set(question.choice_ids()))
        if unknown:
            raise QuestionnaireError(item, f"unknown choice {unknown[0]!r} for question {term.question!r}")


def _check_references(q: Questionnaire) -> None:
    before: set[str] = set()
    for i, question in enumerate(q.questions):
        _check_condition(q, f"questions[{i}].show_if", question.show_if, before)
        for j, choice in enumerate(question.choices):
            _check_condition(q, f"questions[{i}].choices[{j}].show_if", choice.show_if, before)
        before.add(question.id)
    for item, condition in _rule_conditions(q):
        _check_condition(q, item, condition, None)


def _domain(question: Question, named: set[str], visible: bool, answers: Answers) -> list:
    """The answers worth trying for one question after ``answers`` (see the module docstring)."""
    if not visible:
        return [None]
    optional = [] if question.required else [None]
    if question.kind == "place":
        return [PLACE_SAMPLE]
    ids = [c.id for c in offered(question, answers)]
    listed = [c for c in ids if c in named]
    rest = [c for c in ids if c not in named][:1]
    if question.kind == "single":
        return listed + rest + optional
    singles = [[c] for c in listed + rest]
    return singles + ([listed] if len(listed) > 1 else []) + ([[]] if not question.required else [])


class _Search:
    """Depth-first search for answers meeting a goal, branching only on the questions a goal reads."""

    def __init__(self, q: Questionnaire):
        self.q = q
        self.named: dict[str, set[str]] = {}
        for condition in [x.show_if for x in q.questions] + [c for _, c in _rule_conditions(q)] + _choice_conditions(q):
            for term in condition.terms():
                self.named.setdefault(term.question, set()).update(term.choices)

    def closure(self, conditions: list[Condition]) -> set[str]:
        """The questions these conditions read, plus those deciding whether they are shown."""
        found = set().union(*(c.questions() for c in conditions)) if conditions else set()
        for question in reversed(self.q.questions):  # show_if only reads earlier questions
            if question.id in found:
                found |= question.show_if.questions()
                for choice in question.choices:  # which of its choices are offered, too
                    found |= choice.show_if.questions()
        return found

    def find(self, conditions: list[Condition], goal: Callable[[dict], bool]) -> dict | None:
        """Answers (to the questions the conditions read) for which ``goal`` is true, or None."""
        relevant = [x for x in self.q.questions if x.id in self.closure(conditions)]

        def walk(index: int, answers: dict) -> dict | None:
            if index == len(relevant):
                return dict(answers) if goal(answers) else None
            question = relevant[index]
            visible = holds(question.show_if, answers)
            for value in _domain(question, self.named.get(question.id, set()), visible, answers):
                if value is not None and value != []:
                    answers[question.id] = value
                found = walk(index + 1, answers)
                answers.pop(question.id, None)
                if found is not None:
                    return found
            return None

        return walk(0, {})


def _first(rules, answers: Answers):
    return next((i for i, rule in enumerate(rules) if holds(rule.when, answers)), None)


def _check_paths(q: Questionnaire) -> None:
    search = _Search(q)
    for i, question in enumerate(q.questions):
        if search.find([question.show_if], lambda a, x=question: holds(x.show_if, a)) is None:
            raise QuestionnaireError(f"questions[{i}]", f"question {question.id!r} can never be shown")
        for j, choice in enumerate(question.choices):
            if search.find([question.show_if, choice.show_if],
                           lambda a, x=question, c=choice: holds(x.show_if, a) and holds(c.show_if, a)) is None:
                raise QuestionnaireError(f"questions[{i}].choices[{j}]", f"choice {choice.id!r} can never be offered")
    routes = [r.when for r in q.routes]
    gap = search.find(routes, lambda a: _first(q.routes, a) is None)
    if gap is not None:
        raise QuestionnaireError("routes", f"no route matches the answers {gap}")

    def served(a: dict) -> bool:
        route = _first(q.routes, a)
        return route is not None and q.routes[route].scope != "out"

    reads = routes + [a.when for a in q.appointment]
    gap = search.find(reads, lambda a: served(a) and _first(q.appointment, a) is None)
    if gap is not None:
        raise QuestionnaireError("appointment", f"no appointment rule matches the answers {gap}")
    for kind, rules, first_wins in (("routes", q.routes, True), ("urgency", q.urgency, True),
                                    ("appointment", q.appointment, True), ("advice", q.advice, False)):
        for i, rule in enumerate(rules):
            reads = [r.when for r in (rules[: i + 1] if first_wins else [rule])]
            reads += [] if kind == "routes" else routes

            def fires(a: dict, i=i, rule=rule, rules=rules, kind=kind, first_wins=first_wins) -> bool:
                hit = _first(rules, a) == i if first_wins else holds(rule.when, a)
                return hit and (kind == "routes" or served(a))

            if search.find(reads, fires) is None:
                name = getattr(rule, "id", rule.when)
                raise QuestionnaireError(f"{kind}[{i}]", f"the rule {name!r} can never fire")


def check(q: Questionnaire) -> None:
    """Raise QuestionnaireError naming the first faulty item, or return when the questionnaire is sound."""
    _check_structure(q)
    _check_references(q)
    _check_paths(q)
