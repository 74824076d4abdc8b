"""Staff login: the blueprint of the login, logout and set-password pages (registered in create_app)."""
from flask import Blueprint

from bookingsite.staff import auth

bp = Blueprint("staff", __name__, template_folder="templates")


@bp.record_once
def _bind_login(state) -> None:
    """Flask-Login comes with the blueprint, so every staff area shares one login."""
    auth.init_app(state.app)
