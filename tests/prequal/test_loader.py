"""Load-time validation: a broken questionnaire is refused with an error naming the item."""
from __future__ import annotations

import copy
import tomllib
from importlib import resources

import pytest

from bookingsite.prequal.checks import check
from bookingsite.prequal.loader import current, load, loads, parse
from bookingsite.prequal.model import QuestionnaireError

PACKAGED = tomllib.loads((resources.files("bookingsite.prequal") / "questionnaire.toml").read_text("utf-8"))


def question(data: dict, qid: str) -> dict:
    return next(q for q in data["questions"] if q["id"] == qid)


def route(data: dict, rid: str) -> dict:
    return next(r for r in data["routes"] if r["id"] == rid)


def _unknown_question_in_show_if(d):
    question(d, "contract")["show_if"] = {"situation": ["employee"]}


def _unknown_choice_in_show_if(d):
    question(d, "contract")["show_if"] = {"status": ["employe"]}


def _condition_on_a_later_question(d):
    question(d, "contract")["show_if"] = {"modality": ["site"]}


def _unreachable_question(d):
    # the contract is only asked of employees, so "contract and student" never happens
    question(d, "manager")["show_if"] = {"status": ["student"], "contract": ["permanent"]}


def _route_after_the_catch_all(d):
    d["routes"].append({"id": "never", "when": {"status": ["employee"]}, "scope": "in", "reason": "x"})


def _route_shadowed_by_an_earlier_one(d):
    d["routes"].insert(0, copy.deepcopy(route(d, "jobseeker")))
    d["routes"][0]["id"] = "first_jobseeker"


def _advice_that_contradicts_its_scope(d):
    # students are out of scope, and advice is only given in scope
    d["advice"].append({"id": "dead", "when": {"status": ["student"]}, "title": "t", "text": "x"})


def _urgency_on_a_hidden_combination(d):
    d["urgency"].append({"id": "dead", "when": {"deadline": ["none"], "deadline_when": ["later"]}, "reason": "x"})


def _no_catch_all_route(d):
    d["routes"] = [r for r in d["routes"] if r["id"] != "in_scope"]


def _unknown_network(d):
    route(d, "jobseeker")["networks"] = ["pole_emploi"]


def _unknown_question_in_a_rule(d):
    d["advice"][0]["when"] = {"wishes": ["vae"]}


def _duplicate_question(d):
    d["questions"].append(copy.deepcopy(question(d, "status")))


def _unknown_kind(d):
    question(d, "status")["kind"] = "free_text"


def _unknown_step(d):
    question(d, "times")["step"] = "later"


def _empty_label(d):
    question(d, "status")["choices"][0]["label"] = ""


def _bad_scope(d):
    route(d, "student")["scope"] = "maybe"


def _condition_on_the_place(d):
    question(d, "needs")["show_if"] = {"place": ["67000"]}


def _no_appointment_rule_for_some_paths(d):
    d["appointment"] = [a for a in d["appointment"] if a["when"]]


@pytest.mark.parametrize("break_it, item, words", [
    (_unknown_question_in_show_if, "questions[1].show_if", "unknown question 'situation'"),
    (_unknown_choice_in_show_if, "questions[1].show_if", "unknown choice 'employe'"),
    (_condition_on_a_later_question, "questions[1].show_if", "not asked before"),
    (_unreachable_question, "questions[2]", "'manager' can never be shown"),
    (_route_after_the_catch_all, "routes[15]", "'never' can never fire"),
    (_route_shadowed_by_an_earlier_one, "routes[2]", "'working_jobseeker' can never fire"),
    (_advice_that_contradicts_its_scope, "advice[11]", "'dead' can never fire"),
    (_urgency_on_a_hidden_combination, "urgency[5]", "'dead' can never fire"),
    (_no_catch_all_route, "routes", "no route matches"),
    (_unknown_network, "routes[5].networks", "unknown network 'pole_emploi'"),
    (_unknown_question_in_a_rule, "advice[0].when", "unknown question 'wishes'"),
    (_duplicate_question, "questions", "duplicate id 'status'"),
    (_unknown_kind, "questions[0].kind", "free_text"),
    (_unknown_step, "questions[10].step", "unknown step 'later'"),
    (_empty_label, "questions[0].choices[0].label", "non-empty"),
    (_bad_scope, "routes[8].scope", "maybe"),
    (_condition_on_the_place, "questions[6].show_if", "place question"),
    (_no_appointment_rule_for_some_paths, "appointment", "no appointment rule"),
])
def test_a_broken_questionnaire_is_refused_naming_the_item(break_it, item, words):
    data = copy.deepcopy(PACKAGED)
    break_it(data)
    with pytest.raises(QuestionnaireError) as info:
        check(parse(data))
    assert info.value.item == item
    assert words in info.value.message


def test_the_packaged_questionnaire_is_valid_and_cached():
    assert current() is current()
    assert current().version == PACKAGED["version"]
    assert load() == current()


def test_invalid_toml_is_a_questionnaire_error():
    with pytest.raises(QuestionnaireError) as info:
        loads("version = ")
    assert info.value.item == "file"
