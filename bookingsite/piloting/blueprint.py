"""The piloting blueprint; its route modules import it (registered in create_app)."""
from flask import Blueprint

bp = Blueprint("piloting", __name__, template_folder="templates")
