"""The directory blueprint; its route modules import it (registered in create_app)."""
from flask import Blueprint

bp = Blueprint("directory", __name__)
