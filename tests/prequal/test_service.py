"""record_prequal, shared by the web flow, the agent desk and the API; place resolution."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bookingsite.extensions import db
from bookingsite.models.directory import Partner
from bookingsite.models.prequal import Prequal
from bookingsite.prequal.documents import errors_document, outcome_document
from bookingsite.prequal.engine import InvalidAnswers
from bookingsite.prequal.service import PlaceError, get_prequal, outcome_of, record_prequal, resolve_place
from tests.prequal.helpers import answers

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def record(given: dict, **overrides) -> Prequal:
    kwargs = {"channel": "web", "partner_id": None, "agent_id": None, "locale": "fr", "now": NOW} | overrides
    return record_prequal(given, **kwargs)


def test_valid_answers_are_stored_with_their_outcome(app):
    row = record(answers(needs=["vae"], deadline="redundancy", deadline_when="within_month", modality="video"),
                 started_at=NOW - timedelta(minutes=2))
    stored = db.session.get(Prequal, row.id)
    assert (stored.scope, stored.route, stored.networks, stored.needs) == ("in", "in_scope", [], ["vae"])
    assert (stored.urgent, stored.urgency, stored.appointment_type, stored.modality) == (
        True, "redundancy", "first-remote", "video")
    assert (stored.region_code, stored.insee, stored.answers["place"]) == ("44", "67482", "67482")
    assert stored.completed_at - stored.created_at == timedelta(minutes=2)
    assert stored.questionnaire_version and stored.channel == "web" and stored.locale == "fr"


def test_hidden_answers_are_not_stored(app):
    row = record(answers("self_employed", contract="permanent", manager="yes"))
    assert {"contract", "manager"}.isdisjoint(row.answers)


def test_out_of_scope_is_recorded_too(app):
    row = record({"status": "jobseeker", "age": "under_26"}, channel="phone", agent_id="agent-7")
    assert (row.scope, row.networks, row.region_code, row.channel, row.agent_id) == (
        "out", ["france_travail", "mission_locale"], None, "phone", "agent-7")


@pytest.mark.parametrize("given, overrides, field, code", [
    (answers(colour="blue"), {}, "colour", "unknown_question"),  # unknown question
    (answers(status="astronaut"), {}, "status", "invalid_choice"),  # wrong choice
    (answers(modality=None), {}, "modality", "required"),  # missing required answer
    (answers(place="Zzyzx-sur-Mer"), {}, "place", "unknown_place"),  # a place we cannot find
    (answers(place="Saint-Denis"), {}, "place", "ambiguous_place"),  # a name in several regions
    (answers(), {"channel": "fax"}, "channel", "invalid_choice"),  # unknown channel
    (answers(), {"partner_id": "nobody"}, "partner_id", "unknown_partner"),  # unknown partner
    (answers(), {"locale": "de"}, "locale", "invalid_choice"),  # unsupported locale
])
def test_invalid_input_names_the_field_and_stores_nothing(app, given, overrides, field, code):
    with pytest.raises(InvalidAnswers) as info:
        record(given, **overrides)
    assert (field, code) in [(e.field, e.code) for e in info.value.errors]
    assert errors_document(info.value.errors, str)["error"]["field"] == field
    assert db.session.scalar(db.select(db.func.count()).select_from(Prequal)) == 0


def test_a_known_partner_is_attributed(app):
    db.session.add(Partner(id="union-67", name="A union", origins=[], active=True))
    db.session.commit()
    assert record(answers(), channel="widget", partner_id="union-67").partner_id == "union-67"


def test_stored_prequal_gives_back_its_outcome_for_the_booking_and_the_api(app):
    row = record(answers(needs=["resign_retrain"]))
    found = get_prequal(row.id)
    document = outcome_document(outcome_of(found), str, found.id)
    assert document["id"] == row.id and document["scope"] == "in"
    assert document["advice"][0]["id"] == "no_resignation_yet"
    assert get_prequal("not-a-uuid") is None and get_prequal(None) is None


@pytest.mark.parametrize("text, insee, region", [
    ("67000", "67482", "44"),  # a postal code
    ("Strasbourg", "67482", "44"),  # a commune name
    ("strasbourg ", "67482", "44"),  # case and spaces do not matter
    ("20000", "2A004", "94"),  # Corsica: postal 20000 is INSEE 2A004
    ("2A004", "2A004", "94"),  # an INSEE code
    ("97400", "97411", "04"),  # La Réunion
    ("Lyon", None, "84"),  # a city known by its arrondissements: one region
])
def test_resolve_place(text, insee, region):
    place = resolve_place(text)
    assert place.region == region and (insee is None or place.insee == insee)


def test_an_ambiguous_name_offers_one_commune_per_region():
    with pytest.raises(PlaceError) as info:
        resolve_place("Saint-Denis")
    regions = [c.region for c in info.value.candidates]
    assert "04" in regions and "11" in regions and len(regions) == len(set(regions))


@pytest.mark.parametrize("typed, named", [
    ("29019", "Brest (29200)"),  # an INSEE code typed: the summary names the commune
    ("67000", "Strasbourg (67000)"),  # a postal code
    ("strasbourg", "Strasbourg (67000)"),  # a name as typed: the commune's own spelling
])
def test_the_summary_names_the_commune_never_a_code(app, typed, named):
    found = outcome_of(get_prequal(record(answers(place=typed)).id))
    place = next(line for line in found.summary if line.question == "place")
    assert place.answers == (named,)
