"""GET /api/v1/questionnaire and POST /api/v1/prequal: the contract of DESIGN.md."""
import pytest

from bookingsite.extensions import db
from bookingsite.models.prequal import Prequal
from tests.prequal.helpers import answers


def test_questionnaire_has_version_questions_choices_and_conditions(client):
    body = client.get("/api/v1/questionnaire").get_json()
    assert body["version"] and body["questions"]
    status = next(q for q in body["questions"] if q["id"] == "status")
    assert {"employee", "jobseeker"} <= {c["id"] for c in status["choices"]}
    assert any(q["show_if"] for q in body["questions"])  # some questions depend on earlier answers


def test_questionnaire_in_english(client):
    status = next(q for q in client.get("/api/v1/questionnaire?lang=en").get_json()["questions"]
                  if q["id"] == "status")
    french = next(q for q in client.get("/api/v1/questionnaire?lang=fr").get_json()["questions"]
                  if q["id"] == "status")
    assert status["label"] != french["label"]


def test_in_scope_answers_give_the_outcome_and_are_stored(client):
    response = client.post("/api/v1/prequal", json={"answers": answers("employee"), "channel": "web"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["scope"] == "in" and body["appointment_type"] == "first" and body["advice"]
    stored = db.session.get(Prequal, body["id"])
    assert stored.channel == "web" and stored.region_code == "44"  # 67000: Strasbourg, Grand Est


def test_jobseeker_is_sent_to_france_travail_with_its_contacts(client):
    body = client.post("/api/v1/prequal", json={"answers": answers("jobseeker")}).get_json()
    assert body["scope"] == "out"
    network = body["networks"][0]
    assert network["phone"] == "3949" and "francetravail.fr" in network["website"]


@pytest.mark.parametrize("payload, field", [
    ({"answers": {**answers("employee"), "colour": "blue"}}, "colour"),  # unknown question
    ({"answers": answers("employee", contract="forever")}, "contract"),  # wrong choice
    ({"answers": {"status": "employee"}}, "contract"),  # a required answer missing
    ({"answers": answers("employee"), "channel": "pigeon"}, "channel"),  # unknown channel
    ({"answers": "employee"}, "answers"),  # not an object
    ({}, "answers"),  # nothing at all
])
def test_invalid_answers_are_422_naming_the_field(client, payload, field):
    response = client.post("/api/v1/prequal", json=payload)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == field or field in {f["field"] for f in error.get("fields", [])}
    assert db.session.query(Prequal).count() == 0


def test_not_json_is_a_4xx_json_error(client):
    response = client.post("/api/v1/prequal", data="<b>hello</b>", content_type="text/html")
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "answers"
