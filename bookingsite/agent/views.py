"""Views of the agent feature (filled in by its issue)."""
from flask import Blueprint

bp = Blueprint("agent", __name__, template_folder="templates")
