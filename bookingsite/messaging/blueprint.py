"""The messaging blueprint (operators' private iCal feeds, the person's e-mail templates), registered in create_app."""
from flask import Blueprint

bp = Blueprint("messaging", __name__, template_folder="templates")
