"""The operators' private iCal feeds of bookings (``/booking/calendar/<secret>.ics``, the address they subscribed)."""
from __future__ import annotations

from flask import Response

from bookingsite import clock
from bookingsite.messaging import operator_feeds
from bookingsite.messaging.blueprint import bp


@bp.get("/booking/calendar/<secret>.ics")
def operator_feed(secret: str):
    """An operator's private feed of bookings (unknown or revoked secret: 404)."""
    token = operator_feeds.token_for(secret)
    if token is None:
        return Response("Not found\n", status=404, mimetype="text/plain")
    body = operator_feeds.feed_document(token, clock.now())
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=300"})
