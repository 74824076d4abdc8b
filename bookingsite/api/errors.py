"""JSON errors of the API modules, and a parameter a view refuses after its model accepted it (400 or 422)."""
from __future__ import annotations

from flask_babel import gettext

from bookingsite.api.blueprint import bp
from bookingsite.core.errors import json_error
from bookingsite.core.text import FIRST_DAY, LAST_DAY


class BadParameter(ValueError):
    """A query parameter the API cannot use; answered as 400 (or another 4xx) naming the parameter."""

    def __init__(self, name: str, message: str, status: int = 400):
        super().__init__(message)
        self.name, self.message, self.status = name, message, status


def bad_day(name: str = "from") -> BadParameter:
    """A date parameter that is not a day the API can read (its form, or outside FIRST_DAY..LAST_DAY)."""
    return BadParameter(name, gettext("'%(name)s' must be a date written YYYY-MM-DD, from %(first)s to %(last)s.",
                                      name=name, first=FIRST_DAY, last=LAST_DAY))


@bp.errorhandler(BadParameter)
def bad_parameter(exc: BadParameter):
    """A parameter the API cannot use: 4xx with the parameter named."""
    return json_error(exc.status, "invalid_parameter", exc.message, field=exc.name)
