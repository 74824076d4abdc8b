"""The agent desk's blueprint; its route modules import it (registered in create_app)."""
from flask import Blueprint

from bookingsite.core.security import private_blueprint

bp = Blueprint("agent", __name__, template_folder="templates")
private_blueprint(bp)  # no-store: the agent desk shows callers' details
