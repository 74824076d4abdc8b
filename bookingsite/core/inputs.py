"""Input at the edge: no control characters in any parameter, no JSON the parser cannot bear (issue 14).

PostgreSQL refuses a NUL in text, so one in any field, query parameter or path segment used to turn into a 500
deep in a view. One check before every view refuses such input instead: a 422 naming the field (JSON under
/api/) or the error page naming it. A view that validates its own text fields and shows the error next to the
field (the booking details form) lists them with ``@own_text_check(...)``; its validator calls ``has_control``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from flask import Flask, current_app, request
from flask_babel import gettext as _

from bookingsite.core.errors import json_error, render_error
from bookingsite.core.text import has_control


def own_text_check(*fields: str) -> Callable:
    """Decorator: these form fields are checked by the view itself, which shows the error next to the field."""
    def decorate(view: Callable) -> Callable:
        view.own_text_fields = frozenset(fields)  # type: ignore[attr-defined]
        return view
    return decorate


def _pairs(prefix: str, value) -> Iterator[tuple[str, str]]:
    """(path, text) for every key and string inside a decoded JSON value."""
    stack = [(prefix, value)]
    while stack:  # no recursion: the depth is the sender's to choose
        path, item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                yield path, str(key)
                stack.append((f"{path}.{key}" if path else str(key), inner))
        elif isinstance(item, list):
            stack.extend((f"{path}.{n}" if path else str(n), inner) for n, inner in enumerate(item))
        elif isinstance(item, str):
            yield path, item


FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _form_pairs(skip: frozenset) -> Iterable[tuple[str, str]]:
    """(field, text) for each path segment, query parameter and form field, names included."""
    for key, value in (request.view_args or {}).items():
        yield key, str(value)
    # Reading ``request.form`` sets up the body's parsing: only a form body has fields (werkzeug parses no other).
    sources = (request.args, request.form) if request.mimetype in FORM_TYPES else (request.args,)
    for source in sources:
        for key, value in source.items(multi=True):
            yield key, key
            if source is not request.form or key not in skip:
                yield key, value


def first_bad_field() -> tuple[str | None, str | None]:
    """(field, problem) of the request's first unusable input: "control" or "json"; (None, None) when all is well."""
    view = current_app.view_functions.get(request.endpoint or "")
    skip = getattr(view, "own_text_fields", frozenset())
    for field, text in _form_pairs(skip):
        if has_control(text):
            return field, "control"
    if request.is_json and request.content_length:
        try:
            body = request.get_json(silent=True)
        except RecursionError:
            return "body", "json"
        for field, text in _pairs("", body):
            if has_control(text):
                return field or "body", "control"
    return None, None


def refuse_unusable_input():
    """``before_request``: a 4xx naming the field, before any view sees the input."""
    field, problem = first_bad_field()
    if field is None:
        return None
    if problem == "json":
        message = _("The request body is nested too deeply.")
        return (json_error(400, "bad_json", message) if request.path.startswith("/api/")
                else render_error(400, "bad_json", message))
    message = _("The field “%(field)s” contains invisible control characters. Remove them and send it again.",
                field=field[:60])
    if request.path.startswith("/api/"):
        return json_error(422, "invalid_characters", message, field=field[:200])
    return render_error(400, "invalid_characters", message)


def init_app(app: Flask) -> None:
    """Check every request's input before its view runs."""
    app.before_request(refuse_unusable_input)
