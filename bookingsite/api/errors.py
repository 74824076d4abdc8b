"""Helpers shared by the API modules: JSON errors and query-parameter parsing with 4xx answers."""
from __future__ import annotations

from flask import request

from bookingsite.core.errors import json_error  # noqa: F401  (re-exported for the API modules)


class BadParameter(ValueError):
    """A query parameter the API cannot use; answered as 400 (or 422) naming the parameter."""

    def __init__(self, name: str, message: str, status: int = 400):
        super().__init__(message)
        self.name, self.message, self.status = name, message, status


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within bounds."""
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"'{name}' must be a whole number") from None
    if not low <= value <= high:
        raise BadParameter(name, f"'{name}' must be between {low} and {high}")
    return value
