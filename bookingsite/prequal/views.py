"""Views of the prequal feature (filled in by its issue)."""
from flask import Blueprint

bp = Blueprint("prequal", __name__, template_folder="templates")
