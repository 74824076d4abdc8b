"""Views of the booking feature (filled in by its issue)."""
from flask import Blueprint

bp = Blueprint("booking", __name__, template_folder="templates")
