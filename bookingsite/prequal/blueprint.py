"""The prequal blueprint; its route modules import it (registered in create_app)."""
from flask import Blueprint

from bookingsite.core.security import private_blueprint

bp = Blueprint("prequal", __name__, template_folder="templates")
private_blueprint(bp)  # no-store: the pages show a person's answers
