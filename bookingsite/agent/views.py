"""The agent desk's blueprint: login, the call flow, search, day view and audit log (routes in sibling modules)."""
from flask import Blueprint

from bookingsite.agent import auth

bp = Blueprint("agent", __name__, template_folder="templates")


@bp.record_once
def _bind_login(state) -> None:
    """Flask-Login comes with the blueprint, so create_app needs no change."""
    auth.init_app(state.app)


from bookingsite.agent import (  # noqa: F401
    audit_views,
    desk,
    views_auth,
)
