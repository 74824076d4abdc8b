"""The public JSON API v1 (a fixed contract, see DESIGN.md): one blueprint, one module per resource."""
from __future__ import annotations

from flask import Blueprint

from bookingsite.extensions import csrf

bp = Blueprint("api", __name__)
# The API authenticates partners by key, not by session cookie: CSRF tokens do not apply to it.
csrf.exempt(bp)

# Each module adds its routes to `bp`; imported last so that `bp` exists.
from bookingsite.api import (  # noqa: F401
    bookings,
    locator,
    openapi,
    prequal,
    slots,
)
