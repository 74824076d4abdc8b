"""A person offered a choice between this service and another network: the network they pick is recorded."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bookingsite.booking import service as booking
from bookingsite.extensions import db
from bookingsite.models.prequal import Prequal
from bookingsite.prequal.service import CEP, NotOffered, record_choice, record_prequal
from tests.booking.booking_helpers import book_args, setup_site
from tests.prequal.helpers import answers

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def finished(**overrides) -> Prequal:
    """A finished web questionnaire (a manager: the CEP or APEC, by default)."""
    return record_prequal(answers("employee", **({"manager": "yes"} | overrides)), channel="web", partner_id=None,
                          agent_id=None, locale="fr", now=NOW)


@pytest.mark.parametrize("overrides, chosen, ok", [
    ({}, CEP, True),  # a manager picks this service
    ({}, "apec", True),  # ... or APEC, the network shown beside it
    ({}, "cap_emploi", False),  # a network that was not offered to this person
    ({"manager": "no"}, CEP, False),  # served here: no choice was offered
])
def test_only_an_offered_network_is_recorded(app, overrides, chosen, ok):
    row = finished(**overrides)
    if ok:
        record_choice(row, chosen, NOW)
        assert (row.chosen, row.chosen_at) == (chosen, NOW)
    else:
        with pytest.raises(NotOffered):
            record_choice(row, chosen, NOW)


def test_the_result_page_records_a_network_and_says_so(app, client):
    row = finished()
    page = client.get(f"/questionnaire/result/{row.id}").get_data(as_text=True)
    assert 'name="network" value="apec"' in page and 'name="network" value="cep"' in page
    response = client.post(f"/questionnaire/result/{row.id}/choose", data={"network": "apec"})
    assert response.status_code == 303 and response.headers["Location"].endswith("#choice-noted")
    assert db.session.get(Prequal, row.id).chosen == "apec"
    page = client.get(response.headers["Location"].split("#")[0]).get_data(as_text=True)
    assert 'id="choice-noted"' in page and "Apec" in page


def test_choosing_this_service_leads_to_booking(app, client):
    row = finished()
    response = client.post(f"/questionnaire/result/{row.id}/choose", data={"network": "cep"})
    assert response.status_code == 303 and f"prequal={row.id}" in response.headers["Location"]
    assert db.session.get(Prequal, row.id).chosen == CEP


def test_a_network_not_offered_is_refused_in_plain_words(app, client):
    row = finished()
    response = client.post(f"/questionnaire/result/{row.id}/choose", data={"network": "france_travail"})
    assert response.status_code == 400 and "services proposés sur cette page" in response.get_data(as_text=True)
    assert db.session.get(Prequal, row.id).chosen is None


def test_a_booking_after_a_choice_records_this_service(app):
    site, _kind = setup_site()
    row = finished()
    record_choice(row, "apec", NOW)  # picked APEC first, then booked here after all: the last pick counts
    db.session.commit()
    booking.book(**book_args(site, prequal_id=row.id))
    assert db.session.get(Prequal, row.id).chosen == CEP
