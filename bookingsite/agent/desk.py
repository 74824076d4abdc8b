"""The call flow of the agent desk: start a call, the questionnaire for the caller, outcome, booking."""
from __future__ import annotations

from flask import render_template

from bookingsite.agent.auth import role_required
from bookingsite.agent.views import bp

ANY_AGENT = ("agent", "supervisor", "admin")


@bp.get("/")
@role_required(*ANY_AGENT)
def desk():
    """The desk's home: start a call, find a booking."""
    return render_template("agent/desk.html")


@bp.get("/bookings")
@role_required(*ANY_AGENT)
def search():
    """Find a booking by reference, name, phone or e-mail (within the agent's scope)."""
    return render_template("agent/desk.html")


@bp.get("/day")
@role_required(*ANY_AGENT)
def day():
    """The upcoming bookings of one site, day by day."""
    return render_template("agent/desk.html")
