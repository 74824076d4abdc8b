"""The operator's private iCal feed, read by vobject (not our parser): the booking, then its cancellation."""
from __future__ import annotations

import pytest
import vobject

from bookingsite.booking import service
from bookingsite.messaging.operator_feeds import FeedTokenError, create_feed_token, revoke_feed_token
from tests.booking.booking_helpers import NOW, book_args, setup_site


def _events(client, url):
    answer = client.get(url)
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    calendar = vobject.readOne(answer.get_data(as_text=True))
    return list(getattr(calendar, "vevent_list", []))


@pytest.mark.parametrize("scope", ["site", "operator"])  # a feed per site and a feed per operator
def test_feed_shows_the_booking_then_its_cancellation(app, client, scope):
    site, _kind = setup_site()
    _row, secret = create_feed_token(NOW, **({"site_id": site.id} if scope == "site" else
                                            {"operator_id": site.operator_id}))
    url = f"/booking/calendar/{secret}.ics"
    assert _events(client, url) == []
    booking = service.book(**book_args(site))
    [event] = _events(client, url)
    assert event.uid.value == booking.uid and event.status.value == "CONFIRMED"
    assert event.summary.value == f"CEP {booking.reference[:4]}-{booking.reference[4:]} (M.) – sur place"  # the vocabulary's label, in French
    text = client.get(url).get_data(as_text=True)
    assert "marie@example.fr" not in text and "6 12 34" not in text and "+336" not in text and "Curie" not in text
    service.cancel_booking(booking.reference, NOW)
    [event] = _events(client, url)
    assert event.status.value == "CANCELLED" and int(event.sequence.value) == 1


def test_revoked_or_unknown_feed_is_404(app, client):
    site, _kind = setup_site()
    row, secret = create_feed_token(NOW, site_id=site.id)
    assert client.get(f"/booking/calendar/{secret}.ics").status_code == 200
    revoke_feed_token(row.id, NOW)
    assert client.get(f"/booking/calendar/{secret}.ics").status_code == 404
    assert client.get("/booking/calendar/made-up.ics").status_code == 404


def test_feed_belongs_to_a_site_or_an_operator(app):
    with pytest.raises(FeedTokenError):
        create_feed_token(NOW)
