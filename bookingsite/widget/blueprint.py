"""The widget blueprint; its route modules import it (registered in create_app)."""
from flask import Blueprint

bp = Blueprint("widget", __name__, template_folder="templates")
