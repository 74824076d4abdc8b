"""The details form shows every error at once, keeps what was typed, and a hold run out offers the nearest times."""
from __future__ import annotations

import re

import pytest

from bookingsite.booking.contact import validate_contact
from bookingsite.booking.errors import InvalidContact
from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from tests.booking.booking_helpers import setup_site
from tests.booking.test_booking_pages import _confirm, _details


@pytest.fixture
def site(app):
    place, _kind = setup_site()
    return place


@pytest.mark.parametrize("typed, modality, fields", [
    # nothing typed: the name, a way to confirm and the consent, all at once
    ({"name": "", "email": "", "phone": "", "consent": False}, "site", ["name", "email", "consent"]),
    # a phone appointment without a number asks for both the contact and the number
    ({"name": "", "email": "", "phone": "", "consent": False}, "phone", ["name", "email", "phone", "consent"]),
    # a bad address and a bad number are both named, in the form's order
    ({"name": "Marie", "email": "nope", "phone": "123", "consent": True}, "site", ["email", "phone"]),
    # a control character in the e-mail does not hide the missing name
    ({"name": "", "email": "a\x00@b.fr", "phone": "", "consent": True}, "site", ["name", "email"]),
])
def test_validate_contact_names_every_wrong_field(typed, modality, fields):
    with pytest.raises(InvalidContact) as caught:
        validate_contact(typed["name"], typed["email"], typed["phone"], typed["consent"], modality)
    assert list(caught.value.errors) == fields
    assert caught.value.field == fields[0]  # what a one-error answer (the API) still says


def test_an_empty_details_form_lists_every_error_with_links_to_its_fields(site, client):
    answer = _confirm(client, _details(client, site), name="", email="", phone="", consent="")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    summary = html[html.index('id="error-summary"'):html.index("</div>", html.index('id="error-summary"'))]
    assert "Il y a 3 erreurs" in summary
    assert re.findall(r'href="#([a-z]+)"', summary) == ["name", "email", "consent"]
    for field in ("name", "email", "consent"):
        assert f'id="{field}-error"' in html and re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error',
                                                            html)
    assert db.session.scalar(db.select(Booking)).status == "held"


def test_every_error_keeps_what_was_typed(site, client):
    answer = _confirm(client, _details(client, site), name="Marie Curie", email="nope", phone="123")
    html = answer.get_data(as_text=True)
    assert "Il y a 2 erreurs" in html
    assert 'value="Marie Curie"' in html and 'value="nope"' in html and 'value="123"' in html
    assert re.search(r'id="consent"[^>]*checked', html)


def test_one_error_says_so_in_the_singular(site, client):
    html = _confirm(client, _details(client, site), consent="").get_data(as_text=True)
    assert "Il y a 1 erreur<" in html


def test_the_summary_speaks_english_too(site, client):
    details_url = _details(client, site)
    html = client.post(details_url + "?lang=en", data={"name": "", "email": "", "consent": ""}).get_data(as_text=True)
    assert "There are 3 errors" in html and '<html lang="en"' in html


def _expire(app):
    app.config["BOOKINGSITE_NOW"] = "2026-12-01T09:30:00+01:00"  # 30 minutes later: the hold is over


def test_a_hold_run_out_keeps_what_was_typed_and_offers_the_nearest_times(site, client, app):
    details_url = _details(client, site)
    _expire(app)
    answer = _confirm(client, details_url, name="Marie Curie", email="marie@example.fr", phone="06 12 34 56 78")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 410
    assert "Marie Curie" in html and "marie@example.fr" in html
    offered = re.findall(r'name="slot" value="([^"]+)"', html)
    assert 0 < len(offered) <= 6 and offered[0] == "2026-12-02T10:00:00+01:00_site"  # the same time, free again
    assert 'name="type" value="first"' in html and 'name="modality" value="site"' in html
    assert "Marie" not in answer.headers.get("Location", "") and "marie" not in html.split("action=")[1][:200]
    again = client.post(f"/booking/site/{site.id}/hold",
                        data={"slot": offered[1], "key": "k2", "type": "first", "modality": "site"})
    assert again.status_code == 302 and "Marie" not in again.headers["Location"]
    form = client.get(again.headers["Location"]).get_data(as_text=True)
    assert 'value="Marie Curie"' in form and 'value="marie@example.fr"' in form
    assert re.search(r'id="consent"[^>]*checked', form)
    done = _confirm(client, again.headers["Location"])
    assert done.status_code == 302
    with client.session_transaction() as stored:
        assert "booking_pending" not in stored  # the booking made, nothing typed stays


def test_a_hold_purged_meanwhile_still_offers_times_at_its_site(site, client, app):
    details_url = _details(client, site)
    db.session.execute(db.delete(Booking))
    db.session.commit()
    answer = _confirm(client, details_url, name="Ada Lovelace")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 410 and "Ada Lovelace" in html
    assert re.findall(r'name="slot" value="([^"]+)"', html)


def _manage_token(site):
    from bookingsite.booking import service
    from tests.booking.booking_helpers import book_args
    booking = service.book(**book_args(site))
    return booking, service.manage_token(booking)


def test_cancelling_needs_the_confirmation_step(site, client):
    booking, token = _manage_token(site)
    manage = client.get(f"/booking/manage/{token}").get_data(as_text=True)
    assert f'href="/booking/manage/{token}/cancel"' in manage and f'action="/booking/manage/{token}/cancel"' not in manage
    question = client.get(f"/booking/manage/{token}/cancel")
    html = question.get_data(as_text=True)
    assert question.status_code == 200 and "Voulez-vous vraiment annuler ce rendez-vous ?" in html
    assert "Oui, annuler" in html and f'href="/booking/manage/{token}"' in html  # "Non, le garder" goes back
    assert client.post(f"/booking/manage/{token}/cancel").status_code == 200  # a POST without the yes only asks
    db.session.refresh(booking)
    assert booking.status == "confirmed"
    done = client.post(f"/booking/manage/{token}/cancel", data={"confirm": "yes"})
    db.session.refresh(booking)
    assert done.status_code == 302 and booking.status == "cancelled"
    assert "Voulez-vous" not in client.get(f"/booking/manage/{token}/cancel").get_data(as_text=True)


def test_the_confirmation_needs_its_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        place, _kind = setup_site()
        booking, token = _manage_token(place)
        client = app.test_client()
        assert client.post(f"/booking/manage/{token}/cancel", data={"confirm": "yes"}).status_code == 400
        html = client.get(f"/booking/manage/{token}/cancel").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        assert client.post(f"/booking/manage/{token}/cancel",
                           data={"confirm": "yes", "csrf_token": csrf}).status_code == 302
        db.session.refresh(booking)
        assert booking.status == "cancelled"
