"""The locator blueprint; its route modules import it (registered in create_app)."""
from flask import Blueprint

bp = Blueprint("locator", __name__, template_folder="templates")
