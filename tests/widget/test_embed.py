"""The embedded flow through the test client: framing, no cookie, signed state, attribution, booking."""
import re

import pytest

from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from bookingsite.models.prequal import Prequal
from bookingsite.models.widget import WidgetFlow
from tests.widget.helpers import API_KEY, PARTNER_ORIGIN, WIDGET_ID, Flow, first_slot, html, partner_site


@pytest.fixture
def setup(app, httpserver):
    partner, site = partner_site(httpserver)
    db.session.commit()
    return partner, site


def frame_ancestors(response) -> str:
    return re.search(r"frame-ancestors ([^;]*)", response.headers["Content-Security-Policy"]).group(1)


def book_through(client, site, **contact):
    flow = Flow(client)
    flow.start("&postcode=75011")
    flow.post("/embed/site", site=site.id)
    slots = flow.questionnaire()
    flow.post("/embed/slot", action="choose", slot=first_slot(slots), modality="site")
    details = {"name": "Jeanne Martin", "email": "jeanne@example.org", "consent": "yes", **contact}
    return flow, flow.post("/embed/book", action="book", **details)


def test_a_booking_through_the_widget_is_attributed_to_the_partner(setup, client):
    partner, site = setup
    _, response = book_through(client, site)
    assert response.status_code == 303
    done = client.get(response.headers["Location"])
    booking = db.session.scalars(db.select(Booking)).one()
    assert (booking.channel, booking.partner_id, booking.site_id) == ("widget", partner.id, site.id)
    prequal = db.session.get(Prequal, booking.prequal_id)
    assert (prequal.channel, prequal.partner_id) == ("widget", partner.id)
    assert db.session.scalars(db.select(WidgetFlow.partner_id)).all() == [partner.id]  # started once
    page = html(done)
    assert f'data-booking-reference="{booking.reference}"' in page
    assert f'data-parent-origin="{PARTNER_ORIGIN}"' in page
    assert "jeanne" not in page.lower()  # the confirmation shows no personal data


def test_posting_the_last_form_twice_books_once(setup, client):
    flow, _ = book_through(client, setup[1])
    flow.fields = dict(re.findall(r'name="(state|csrf)" value="([^"]*)"', html(flow.last)) or flow.fields)
    again = client.post("/embed/book", data={**flow.fields, "action": "book", "name": "Jeanne Martin",
                                             "email": "jeanne@example.org", "consent": "yes"})
    assert again.status_code == 303
    assert db.session.query(Booking).count() == 1


def test_every_page_is_framable_by_the_partner_only_and_sets_no_cookie(setup, client):
    flow = Flow(client)
    responses = [flow.start("&postcode=75011"), flow.post("/embed/site", site=setup[1].id)]
    responses.append(flow.step("situation", status="employee"))
    for response in responses:
        assert frame_ancestors(response) == f"'self' {PARTNER_ORIGIN}"
        assert "X-Frame-Options" not in response.headers
        assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("query", [
    "?partner=wrong-id",  # unknown widget id
    "",  # no widget id
    f"?partner={API_KEY}",  # the secret API key is not a widget id (pages holding it stop working)
])
def test_unknown_widget_id_gets_a_plain_page_linking_to_the_main_site(setup, client, query):
    response = client.get("/embed/" + query)
    assert response.status_code == 404
    assert frame_ancestors(response) == "*"  # shown in any frame: only a link, never a broken frame
    assert "Go to the main site" in html(response) or "Aller sur le site principal" in html(response)
    assert "<form" not in html(response)


def test_inactive_partner_is_refused(setup, client):
    setup[0].active = False
    db.session.commit()
    assert client.get(f"/embed/?partner={WIDGET_ID}").status_code == 404


def test_altered_state_or_wrong_csrf_is_refused_with_a_restart(setup, client):
    flow = Flow(client)
    flow.start("&postcode=75011")
    state, token = flow.fields["state"], flow.fields["csrf"]
    tampered = client.post("/embed/site", data={"state": "x" + state, "csrf": token, "site": setup[1].id})
    assert tampered.status_code == 400 and "/embed/restart" not in html(tampered)
    other = Flow(client)
    other.start()
    mixed = client.post("/embed/site", data={"state": state, "csrf": other.fields["csrf"], "site": setup[1].id})
    assert mixed.status_code == 400
    restart = re.search(r'href="(/embed/restart[^"]+)"', html(mixed)).group(1).replace("&amp;", "&")
    assert client.get(restart).status_code == 200


def test_place_errors_are_tied_to_the_field_and_keep_what_was_typed(setup, client):
    flow = Flow(client)
    flow.start()
    response = flow.post("/embed/place", place="zzqqxx")
    assert response.status_code == 422
    page = html(response)
    assert 'value="zzqqxx"' in page and 'aria-describedby="place-hint place-error"' in page


def test_a_site_must_be_one_offered(setup, client):
    flow = Flow(client)
    flow.start("&postcode=75011")
    assert flow.post("/embed/site", site="elsewhere").status_code == 422


def test_out_of_scope_shows_the_right_network(setup, client):
    flow = Flow(client)
    flow.start("&postcode=75011")
    flow.post("/embed/site", site=setup[1].id)
    flow.step("situation", status="jobseeker")
    response = flow.step("situation", status="jobseeker", age="26_or_over")
    assert response.status_code == 200
    assert "France Travail" in html(response)
    assert db.session.scalars(db.select(Prequal.channel)).all() == ["widget"]


def test_contact_errors_come_back_with_what_was_typed(setup, client):
    _, response = book_through(client, setup[1], name="", email="not-an-address", consent="")
    assert response.status_code == 422
    assert 'value="not-an-address"' in html(response)
    summary = html(response)[html(response).index('id="error-summary"'):]
    # every error at once, the summary linking to each field
    assert re.findall(r'href="#([a-z]+)"', summary[:summary.index("</div>")]) == ["name", "email", "consent"]
    assert db.session.query(Booking).count() == 0


def test_continue_on_the_main_site_carries_the_answers(setup, client):
    flow = Flow(client)
    flow.start("&postcode=75011")
    flow.post("/embed/site", site=setup[1].id)
    flow.step("situation", status="employee")
    link = re.search(r'href="http://localhost(/embed/continue[^"]+)"', html(flow.last)).group(1)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 302 and response.headers["Location"].startswith("/questionnaire/")
    with client.session_transaction() as session:
        assert session["prequal"]["answers"]["status"] == "employee"
        assert session["prequal"]["channel"] == "widget" and session["prequal"]["partner"] == setup[0].id


def test_english_all_along(setup, client):
    flow = Flow(client)
    page = html(flow.start("&postcode=75011&lang=en"))
    assert '<html lang="en">' in page and "Find a CEP site near you" in page
    assert 'action="/embed/site?lang=en"' in page
