"""Views of the widget feature (filled in by its issue)."""
from flask import Blueprint

bp = Blueprint("widget", __name__, template_folder="templates")
