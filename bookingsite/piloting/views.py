"""Views of the piloting feature (filled in by its issue)."""
from flask import Blueprint

bp = Blueprint("piloting", __name__, template_folder="templates")
