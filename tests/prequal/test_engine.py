"""The engine: next questions, validation errors, visibility and the property that every path ends."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bookingsite.prequal.conditions import offered
from bookingsite.prequal.engine import (
    InvalidAnswers,
    effective_answers,
    next_questions,
    outcome,
    validate_answers,
    visible_questions,
)
from bookingsite.prequal.loader import current
from bookingsite.prequal.model import SCOPES
from tests.prequal.helpers import answers

Q = current()


def ids(questions) -> list[str]:
    return [q.id for q in questions]


@pytest.mark.parametrize("given_answers, expected", [
    # nothing yet: the situation question
    ({}, ["status"]),
    # an employee: the rest of the situation step (contract, manager)
    ({"status": "employee"}, ["status", "contract", "manager"]),
    # a jobseeker: the age and what else applies (optional), still in the situation step
    ({"status": "jobseeker"}, ["status", "age", "jobseeker_profile"]),
    # a self-employed person: straight to the place
    ({"status": "self_employed"}, ["place"]),
    # the need step once the place is given
    ({"status": "self_employed", "place": "Lyon"}, ["needs"]),
    # a date: when it is
    ({"status": "self_employed", "place": "Lyon", "needs": ["vae"], "deadline": "application"},
     ["deadline", "deadline_when"]),
    # the preferences step shows its optional questions with the required one
    (answers(modality=None), ["modality", "times", "language", "accessibility", "disability", "heard_from",
                              "young_worker"]),
    # complete: nothing left
    (answers(), []),
    # a jobseeker with an age: complete, no further step
    ({"status": "jobseeker", "age": "under_26"}, []),
    # a jobseeker who also works: then the place, as for people in work
    ({"status": "jobseeker", "age": "26_or_over", "jobseeker_profile": ["working"]}, ["place"]),
])
def test_next_questions(given_answers, expected):
    assert ids(next_questions(Q, given_answers)) == expected


@pytest.mark.parametrize("given_answers, field, code", [
    # a question that does not exist
    (answers(colour="blue"), "colour", "unknown_question"),
    # a choice that does not exist
    (answers(status="astronaut"), "status", "invalid_choice"),
    # a wrong choice in a multiple answer
    (answers(needs=["vae", "holidays"]), "needs", "invalid_choice"),
    # a multiple answer that is not a list
    (answers(needs="vae"), "needs", "invalid_choice"),
    # the same choice twice
    (answers(needs=["vae", "vae"]), "needs", "invalid_choice"),
    # a single answer given as a list
    (answers(modality=["site"]), "modality", "invalid_choice"),
    # a missing required answer
    (answers(deadline=None), "deadline", "required"),
    # an empty list for a required multiple answer
    (answers(needs=[]), "needs", "required"),
    # blank place
    (answers(place="   "), "place", "required"),
    # a place that is not text
    (answers(place=67000), "place", "invalid_value"),
    # an absurdly long place
    (answers(place="x" * 101), "place", "invalid_value"),
    # the contract is required for an employee
    (answers(contract=None), "contract", "required"),
    # a date was announced: when is required
    (answers(deadline="redundancy"), "deadline_when", "required"),
])
def test_validation_errors_name_the_field(given_answers, field, code):
    errors = validate_answers(Q, given_answers)
    assert (field, code) in [(e.field, e.code) for e in errors]
    with pytest.raises(InvalidAnswers) as info:
        outcome(Q, given_answers)
    assert info.value.errors == errors


def test_answers_must_be_an_object():
    assert [(e.field, e.code) for e in validate_answers(Q, ["status"])] == [("answers", "invalid_value")]


def test_hidden_answers_are_set_aside_not_refused():
    # The person said "employee", answered contract, then went back and chose "self_employed".
    given_answers = answers("self_employed", contract="permanent", manager="yes", age="under_26")
    assert validate_answers(Q, given_answers) == []
    assert {"contract", "manager", "age"}.isdisjoint(effective_answers(Q, given_answers))
    assert outcome(Q, given_answers).scope == "in"


def test_optional_questions_need_no_answer():
    assert validate_answers(Q, answers(times=None, language=None, accessibility=None, disability=None)) == []
    assert validate_answers(Q, answers(times=[], accessibility=[])) == []


def test_out_of_scope_answers_skip_the_rest():
    assert ids(visible_questions(Q, {"status": "public_servant"})) == ["status"]


@st.composite
def reachable_answers(draw):
    """Answer, step by step, whatever the engine asks next, as a person would."""
    given_answers: dict = {}
    for _ in range(len(Q.steps) + len(Q.questions)):
        pending = next_questions(Q, given_answers)
        if not pending:
            return given_answers
        for question in pending:
            if question.id in given_answers:
                continue
            choices = [c.id for c in offered(question, effective_answers(Q, given_answers))]  # what the page lists
            if question.kind == "place":
                value = draw(st.sampled_from(["67000", "Strasbourg", "97400", "2A004", "Saint-Denis"]))
            elif question.kind == "single":
                value = draw(st.sampled_from(choices + ([] if question.required else [None])))
            else:
                value = draw(st.lists(st.sampled_from(choices), unique=True,
                                      min_size=1 if question.required else 0))
            given_answers[question.id] = value
        given_answers = {k: v for k, v in given_answers.items() if v is not None}
    raise AssertionError(f"the questionnaire did not end: {given_answers}")


@settings(max_examples=300, deadline=None)
@given(reachable_answers())
def test_every_reachable_path_ends_in_an_outcome(given_answers):
    assert validate_answers(Q, given_answers) == []
    result = outcome(Q, given_answers)
    assert result.scope in SCOPES and result.version == Q.version
    if result.scope == "out":
        assert result.networks and result.appointment_type is None
    else:
        assert result.appointment_type in {"first", "first-remote", "quick-question"}
        assert result.needs and {"prepare", "confidential"} <= {a.id for a in result.advice}
    if result.scope == "choice":
        assert result.networks
