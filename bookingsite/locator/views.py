"""Views of the locator feature (filled in by its issue)."""
from flask import Blueprint

bp = Blueprint("locator", __name__, template_folder="templates")
