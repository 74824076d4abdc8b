"""The agent desk's blueprint; its route modules import it (registered in create_app)."""
from flask import Blueprint

bp = Blueprint("agent", __name__, template_folder="templates")
