"""The messaging blueprint (operators' private iCal feeds); its route modules import it (registered in create_app)."""
from flask import Blueprint

bp = Blueprint("messaging", __name__)
