"""The API v1 blueprint; its route modules import it (registered in create_app)."""
from __future__ import annotations

from flask import Blueprint

from bookingsite.extensions import csrf

bp = Blueprint("api", __name__)
# The API authenticates partners by key, not by session cookie: CSRF tokens do not apply to it.
csrf.exempt(bp)
