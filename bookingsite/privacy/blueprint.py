"""The privacy blueprint: the notice and one person's data on request (registered in create_app)."""
from flask import Blueprint

bp = Blueprint("privacy", __name__, template_folder="templates")
