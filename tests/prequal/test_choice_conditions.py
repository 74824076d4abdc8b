"""Choices offered only where they apply: a self-employed person is not asked about the end of a contract."""
from __future__ import annotations

import pytest

from bookingsite.prequal.conditions import offered
from bookingsite.prequal.documents import answers_schema, questionnaire_document
from bookingsite.prequal.engine import validate_answers
from bookingsite.prequal.loader import current, loads
from bookingsite.prequal.model import QuestionnaireError
from bookingsite.prequal.steps import render_step

Q = current()
EMPLOYEE_ONLY = {"end_of_contract", "resignation", "redundancy"}


@pytest.mark.parametrize("status, gone", [
    ("employee", set()),  # every deadline
    ("self_employed", EMPLOYEE_ONLY),  # no contract to end, no resignation, no redundancy
    ("micro_entrepreneur", EMPLOYEE_ONLY),  # the same
    ("company_head", EMPLOYEE_ONLY),  # the same
])
def test_deadlines_offered_by_status(status, gone):
    ids = {c.id for c in offered(Q.question("deadline"), {"status": status})}
    assert ids == set(Q.question("deadline").choice_ids()) - gone


def test_a_choice_not_offered_is_an_invalid_answer():
    answers = {"status": "self_employed", "deadline": "resignation"}
    errors = {e.field: e.code for e in validate_answers(Q, answers)}
    assert errors.get("deadline") == "invalid_choice"
    assert "deadline" not in {e.field for e in validate_answers(Q, {**answers, "status": "employee"})}


def test_the_page_lists_only_the_offered_choices():
    step = render_step(Q, {"status": "self_employed", "contract": None}, "urgency", lambda text: text)
    listed = {c.id for q in step.questions if q.id == "deadline" for c in q.choices}
    assert listed and not listed & EMPLOYEE_ONLY


def test_the_api_document_and_schema_say_so():
    import jsonschema_rs  # schemathesis's validator

    document = questionnaire_document(Q, lambda text: text)
    deadline = next(q for q in document["questions"] if q["id"] == "deadline")
    assert next(c for c in deadline["choices"] if c["id"] == "resignation")["show_if"] == [{"status": ["employee"]}]
    assert next(c for c in deadline["choices"] if c["id"] == "none")["show_if"] is None
    schema = jsonschema_rs.validator_for(answers_schema(Q))
    wrong = {e.field for e in validate_answers(Q, {"status": "self_employed", "deadline": "resignation"})}
    assert "deadline" in wrong and not schema.is_valid({"status": "self_employed", "deadline": "resignation"})


BASE = """
version = "t"
[[steps]]
id = "s"
title = "S"
[[questions]]
id = "needs"
step = "s"
kind = "multi"
required = true
label = "N"
choices = [{ id = "a", label = "A" }, { id = "b", label = "B" }]
[[questions]]
id = "modality"
step = "s"
kind = "single"
required = true
label = "M"
choices = [{ id = "site", label = "S" }, { id = "phone", label = "P", show_if = %s }]
[[routes]]
id = "all"
when = {}
scope = "in"
networks = []
reason = "R"
[[appointment]]
when = {}
type = "first"
"""


@pytest.mark.parametrize("condition, problem", [
    ('{ needs = ["a"] }', None),  # an earlier question: fine
    ('{ later = ["x"] }', "unknown question"),  # a question that does not exist
    ('{ needs = ["z"] }', "unknown choice"),  # a choice that does not exist
    ('{ modality = ["site"] }', "not asked before"),  # the question itself: not earlier
])
def test_the_loader_checks_choice_conditions(condition, problem):
    text = BASE % condition
    if problem is None:
        assert loads(text).question("modality").choices[1].show_if.clauses
        return
    with pytest.raises(QuestionnaireError, match=problem):
        loads(text)
