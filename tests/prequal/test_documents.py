"""Render-ready steps (web flow and agent desk), API documents and the Babel extractor."""
from __future__ import annotations

import io
import json
from importlib import resources

import pytest

from bookingsite.prequal.documents import errors_document, outcome_document, questionnaire_document
from bookingsite.prequal.engine import FieldError, outcome, validate_answers
from bookingsite.prequal.i18n import extract_questionnaire
from bookingsite.prequal.loader import current
from bookingsite.prequal.steps import UnknownStep, render_step, render_steps
from tests.prequal.helpers import answers

Q = current()


@pytest.mark.parametrize("given_answers, step, number, total", [
    ({}, "situation", 1, 5),  # first page: every step may still come
    ({"status": "jobseeker"}, "situation", 1, 5),  # a jobseeker: the other steps come if they also work
    ({"status": "jobseeker", "jobseeker_profile": ["manager"]}, "situation", 1, 1),  # ... else the only step
    ({"status": "employee"}, "place", 2, 5),  # an employee: step 2 of 5
    (answers(), "preferences", 5, 5),  # the last step
])
def test_progress(given_answers, step, number, total):
    view = render_step(Q, given_answers, step, str)
    assert (view.number, view.total) == (number, total)


def test_a_step_keeps_earlier_answers_checked_and_typed():
    given = answers(needs=["vae", "business"], place="Lyon 3e")
    need = render_step(Q, given, "need", str)
    assert [c.id for c in need.questions[0].choices if c.checked] == ["vae", "business"]
    assert render_step(Q, given, "place", str).questions[0].value == "Lyon 3e"


def test_errors_are_tied_to_their_question_and_translated():
    errors = {e.field: e for e in validate_answers(Q, answers(deadline="redundancy"))}
    view = render_step(Q, answers(deadline="redundancy"), "urgency", lambda s: s.upper(), errors)
    by_id = {q.id: q for q in view.questions}
    assert by_id["deadline_when"].error == "PLEASE ANSWER THIS QUESTION."
    assert by_id["deadline"].error is None and view.title == "YOUR TIMING"


def test_a_hidden_step_is_refused():
    with pytest.raises(UnknownStep):
        render_step(Q, {"status": "student"}, "need", str)
    with pytest.raises(UnknownStep):
        render_step(Q, {}, "nowhere", str)


def test_the_agent_desk_gets_every_shown_step():
    assert [s.id for s in render_steps(Q, answers(), str)] == [s.id for s in Q.steps]
    assert [s.id for s in render_steps(Q, {"status": "retired"}, str)] == ["situation"]


def test_questionnaire_document_is_json_with_conditions():
    document = questionnaire_document(Q, str)
    json.dumps(document)
    by_id = {q["id"]: q for q in document["questions"]}
    assert document["version"] == Q.version
    assert by_id["status"]["show_if"] is None and by_id["status"]["required"] is True
    assert by_id["contract"]["show_if"] == [{"status": ["employee"]}]
    assert {"id": "jobseeker", "label": "Registered jobseeker with France Travail", "show_if": None} in by_id[
        "status"]["choices"]


def test_outcome_document_matches_the_api_contract():
    document = outcome_document(outcome(Q, answers("jobseeker")), str, "abc")
    json.dumps(document)
    assert {"id", "scope", "networks", "need", "urgency", "appointment_type", "advice"} <= set(document)
    network = document["networks"][0]
    assert (network["name"], network["phone"], network["website"]) == (
        "France Travail", "3949", "https://www.francetravail.fr/")
    served = outcome_document(outcome(Q, answers(needs=["vae"])), str)
    assert served["advice"][1] == {"id": "vae", "title": "Validation of experience (VAE)",
                                   "text": served["advice"][1]["text"], "url": "https://vae.gouv.fr/"}


def test_errors_document_names_the_field():
    body = errors_document([FieldError("status", "required", "Please answer this question.")], str)
    assert body["error"]["code"] == "required" and body["error"]["field"] == "status"
    assert body["error"]["message"].startswith("status:")


def test_extractor_finds_every_text_of_the_questionnaire():
    raw = (resources.files("bookingsite.prequal") / "questionnaire.toml").read_bytes()
    found = {message: (line, comments) for line, _, message, comments in
             extract_questionnaire(io.BytesIO(raw), [], [], {})}
    for item in list(Q.steps) + list(Q.questions):
        assert (item.title if hasattr(item, "title") else item.label) in found
    for q in Q.questions:
        assert all(c.label in found for c in q.choices)
        assert q.hint is None or q.hint in found
    for rule in Q.advice:
        assert rule.title in found and rule.text in found
    assert all(r.reason in found for r in Q.routes + Q.urgency)
    assert all(n.name in found and n.description in found for n in Q.networks.values())
    assert "https://www.francetravail.fr/" not in found and "3949" not in found
    line, comments = found["Registered jobseeker with France Travail"]
    assert raw.decode().splitlines()[line - 1].count("Registered jobseeker") == 1
    assert comments == ["questions[status].choices[jobseeker].label"]
