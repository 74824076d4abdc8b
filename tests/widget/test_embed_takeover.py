"""Issue 14, finding 1 through the widget: booking a slot with someone else's e-mail never shows their booking."""
from __future__ import annotations

from datetime import datetime

import pytest

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from tests.booking.booking_helpers import NOW, contact
from tests.widget.helpers import Flow, first_slot, html, partner_site


@pytest.fixture
def roomy(app, httpserver):
    """The widget's partner and site, the site's one agenda taking two people at once."""
    partner, site = partner_site(httpserver)
    site.agendas[0].capacity = 2
    db.session.commit()
    return partner, site


def test_the_victims_email_gets_a_booking_of_ones_own(roomy, client):
    _partner, site = roomy
    flow = Flow(client)
    flow.start("&postcode=75011")
    flow.post("/embed/site", site=site.id)
    slot = first_slot(flow.questionnaire())
    victim = service.book(service.BookingRequest(site_id=site.id, start=datetime.fromisoformat(slot.rpartition("_")[0]), type_id="first",
                                                 modality="site", channel="web", locale="fr", **contact()), NOW)
    flow.post("/embed/slot", action="choose", slot=slot, modality="site")
    answer = flow.post("/embed/book", action="book", name="Mallory", email="marie@example.fr", consent="yes")
    assert answer.status_code == 303
    done = client.get(answer.headers["Location"])
    assert "no-store" in done.headers["Cache-Control"]
    assert victim.reference not in html(done)
    assert db.session.query(Booking).filter(Booking.status == "confirmed").count() == 2
