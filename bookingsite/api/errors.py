"""JSON errors of the API modules, and a parameter a view refuses after its model accepted it (400 or 422)."""
from __future__ import annotations

from bookingsite.api.blueprint import bp
from bookingsite.core.errors import json_error


class BadParameter(ValueError):
    """A query parameter the API cannot use; answered as 400 (or another 4xx) naming the parameter."""

    def __init__(self, name: str, message: str, status: int = 400):
        super().__init__(message)
        self.name, self.message, self.status = name, message, status


@bp.errorhandler(BadParameter)
def bad_parameter(exc: BadParameter):
    """A parameter the API cannot use: 4xx with the parameter named."""
    return json_error(exc.status, "invalid_parameter", exc.message, field=exc.name)
