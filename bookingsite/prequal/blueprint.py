"""The prequal blueprint; its route modules import it (registered in create_app)."""
from flask import Blueprint

bp = Blueprint("prequal", __name__, template_folder="templates")
