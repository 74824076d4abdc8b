"""Reading the questionnaire file into typed objects, with errors that name the faulty item."""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from bookingsite.prequal.model import (
    KINDS,
    SCOPES,
    AdviceRule,
    AppointmentRule,
    Choice,
    Condition,
    Network,
    Question,
    Questionnaire,
    QuestionnaireError,
    Route,
    Step,
    Term,
    UrgencyRule,
)

DEFAULT_FILE = "questionnaire.toml"


def _text(raw: dict, key: str, item: str, required: bool = True) -> str | None:
    value = raw.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise QuestionnaireError(f"{item}.{key}", "a non-empty string is required")
    return value


def _condition(raw: Any, item: str) -> Condition:
    tables = raw if isinstance(raw, list) else [raw]
    if raw is None or not tables or not all(isinstance(t, dict) for t in tables):
        raise QuestionnaireError(item, "a condition is a table {question = [choices]} or a list of tables")
    clauses = []
    for table in tables:
        terms = []
        for question, choices in table.items():
            if not isinstance(choices, list) or not choices or not all(isinstance(c, str) for c in choices):
                raise QuestionnaireError(f"{item}.{question}", "a non-empty list of choice ids is required")
            terms.append(Term(question, frozenset(choices)))
        clauses.append(tuple(terms))
    return Condition(tuple(clauses))


def _flag(raw: dict, key: str, item: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise QuestionnaireError(f"{item}.{key}", "true or false is required")
    return value


def _choice(raw: dict, item: str) -> Choice:
    condition = _condition(raw["show_if"], f"{item}.show_if") if "show_if" in raw else Condition()
    return Choice(_text(raw, "id", item), _text(raw, "label", item), condition, _flag(raw, "sensitive", item))


def _question(raw: dict, item: str) -> Question:
    kind = _text(raw, "kind", item)
    if kind not in KINDS:
        raise QuestionnaireError(f"{item}.kind", f"must be one of {', '.join(KINDS)}, not {kind!r}")
    choices = tuple(_choice(c, f"{item}.choices[{i}]") for i, c in enumerate(raw.get("choices", [])))
    if kind != "place" and len(choices) < 2:
        raise QuestionnaireError(f"{item}.choices", "a choice question needs at least two choices")
    if kind == "place" and choices:
        raise QuestionnaireError(f"{item}.choices", "a place question has no choices")
    ids = [c.id for c in choices]
    if len(set(ids)) != len(ids):
        raise QuestionnaireError(f"{item}.choices", "choice ids must be unique")
    return Question(
        id=_text(raw, "id", item), step=_text(raw, "step", item), kind=kind,
        required=bool(raw.get("required", False)), label=_text(raw, "label", item),
        hint=_text(raw, "hint", item, required=False), choices=choices,
        show_if=_condition(raw.get("show_if", {}), f"{item}.show_if"), sensitive=_flag(raw, "sensitive", item),
    )


def _network(network_id: str, raw: dict) -> Network:
    item = f"networks.{network_id}"
    return Network(network_id, _text(raw, "name", item), _text(raw, "description", item),
                   _text(raw, "phone", item, required=False), _text(raw, "website", item, required=False))


def _route(raw: dict, item: str) -> Route:
    scope = raw.get("scope")
    if scope not in SCOPES:
        raise QuestionnaireError(f"{item}.scope", f"must be one of {', '.join(SCOPES)}, not {scope!r}")
    networks = raw.get("networks", [])
    if not isinstance(networks, list):
        raise QuestionnaireError(f"{item}.networks", "a list of network ids is required")
    return Route(_text(raw, "id", item), _condition(raw.get("when"), f"{item}.when"), scope,
                 tuple(networks), _text(raw, "reason", item))


def parse(data: dict) -> Questionnaire:
    """Build a questionnaire from the parsed file, checking types and required fields (not yet semantics)."""
    def items(key: str) -> list[tuple[str, dict]]:
        return [(f"{key}[{i}]", raw) for i, raw in enumerate(data.get(key, []))]

    return Questionnaire(
        version=_text(data, "version", "version"),
        steps=tuple(Step(_text(r, "id", i), _text(r, "title", i)) for i, r in items("steps")),
        questions=tuple(_question(r, i) for i, r in items("questions")),
        networks={nid: _network(nid, raw) for nid, raw in data.get("networks", {}).items()},
        routes=tuple(_route(r, i) for i, r in items("routes")),
        urgency=tuple(UrgencyRule(_text(r, "id", i), _condition(r.get("when"), f"{i}.when"),
                                  _text(r, "reason", i)) for i, r in items("urgency")),
        appointment=tuple(AppointmentRule(_condition(r.get("when"), f"{i}.when"), _text(r, "type", i))
                          for i, r in items("appointment")),
        advice=tuple(AdviceRule(_text(r, "id", i), _condition(r.get("when"), f"{i}.when"), _text(r, "title", i),
                                _text(r, "text", i), _text(r, "url", i, required=False),
                                _text(r, "script", i, required=False))
                     for i, r in items("advice")),
    )


def loads(text: str) -> Questionnaire:
    """Parse and fully validate a questionnaire given as TOML text."""
    from bookingsite.prequal.checks import check  # checks imports the engine, which imports nothing of ours

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireError("file", f"not valid TOML: {exc}") from exc
    questionnaire = parse(data)
    check(questionnaire)
    return questionnaire


def load(path: str | Path | None = None) -> Questionnaire:
    """Read and validate a questionnaire file (the packaged one by default)."""
    if path is None:
        text = (resources.files("bookingsite.prequal") / DEFAULT_FILE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return loads(text)


@cache
def current() -> Questionnaire:
    """The packaged questionnaire, loaded and validated once per process."""
    return load()
