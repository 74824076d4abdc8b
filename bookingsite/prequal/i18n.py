"""Gettext support for the questionnaire file: a Babel extractor for its msgids.

Registered in bookingsite/prequal/babel.cfg (an ``[extractors]`` entry):
``questionnaire = bookingsite.prequal.i18n:extract_questionnaire`` then ``[questionnaire: questionnaire.toml]``.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import BinaryIO

# The keys whose values are shown to people; ids, urls and phone numbers are not translated.
TEXT_KEYS = ("title", "label", "hint", "name", "description", "reason", "text", "script")


def questionnaire_messages(data: dict) -> Iterator[tuple[str, str]]:
    """Every translatable string of a parsed questionnaire, with a context path for translators."""
    def visit(node: object, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in TEXT_KEYS and isinstance(value, str):
                    yield value, f"{path}.{key}".lstrip(".")
                else:
                    yield from visit(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                name = item.get("id", i) if isinstance(item, dict) else i
                yield from visit(item, f"{path}[{name}]")

    yield from visit(data, "")


def _line_of(lines: list[str], message: str) -> int:
    escaped = message.replace("\\", "\\\\").replace('"', '\\"')
    return next((n for n, line in enumerate(lines, 1) if f'"{escaped}"' in line), 1)


def extract_questionnaire(fileobj: BinaryIO, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extraction method: yield (lineno, funcname, message, comments) for each questionnaire text."""
    raw = fileobj.read()
    text = raw.decode(options.get("encoding", "utf-8")) if isinstance(raw, bytes) else raw
    lines = text.splitlines()
    for message, context in questionnaire_messages(tomllib.loads(text)):
        yield _line_of(lines, message), "gettext", message, [context]
