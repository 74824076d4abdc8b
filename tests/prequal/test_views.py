"""The web flow, in French and English: steps, back, tied errors, outcomes, storage."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bookingsite.extensions import db
from bookingsite.models.prequal import Prequal
from bookingsite.prequal.service import get_prequal, record_prequal
from tests.prequal.helpers import answers

STEP = "/questionnaire/step/"


def post(client, step: str, action: str = "next", **values):
    """Submit one step as a browser would: the questions shown, their values, the button pressed."""
    data = {"shown": list(values), "action": action, **values}
    return client.post(STEP + step, data=data)


def main(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index("<main"):html.index("</main>")]


def employee_until_preferences(client, **overrides):
    """An employee's path up to the last step."""
    post(client, "situation", status="employee")
    post(client, "situation", status="employee", contract="fixed_term", manager="no")
    post(client, "place", place=overrides.get("place", "67000"))
    post(client, "need", needs=overrides.get("needs", ["vae", "training"]))
    post(client, "urgency", deadline="end_of_contract")
    return post(client, "urgency", deadline="end_of_contract", deadline_when="within_month")


@pytest.fixture(params=["fr", "en"])
def lang(request, client):
    """Run a test in both languages, chosen as a visitor does with the language switch."""
    client.get(f"/language/{request.param}")
    return request.param


def test_start_opens_the_first_step(client, lang):
    response = client.get("/questionnaire/", follow_redirects=True)
    html = main(response)
    assert {"fr": "Étape 1 sur 5", "en": "Step 1 of 5"}[lang] in html
    assert {"fr": "Votre situation", "en": "Your situation"}[lang] in html
    assert 'name="csrf_token"' in html and 'name="shown" value="status"' in html


def test_a_missing_answer_shows_an_error_tied_to_the_field(client, lang):
    response = post(client, "situation", status="")
    html = main(response)
    assert response.status_code == 422
    message = {"fr": "Veuillez répondre à cette question.", "en": "Please answer this question."}[lang]
    assert 'class="error-summary"' in html and '<a href="#status">' in html
    assert re.search(r'<fieldset aria-describedby="status-hint status-error">', html)
    assert re.search(rf'id="status-error">.*{re.escape(message)}', html)


def test_every_missing_answer_of_a_step_is_listed_at_once(client, lang):
    response = post(client, "situation", status="employee", contract="", manager="")  # both follow-ups unanswered
    html = main(response)
    heading = {"fr": "Il y a 2 erreurs", "en": "There are 2 errors"}[lang]
    assert response.status_code == 422 and heading in html
    summary = html[html.index('class="error-summary"'):html.index("</div>", html.index('class="error-summary"'))]
    assert re.findall(r'href="#([a-z_]+)"', summary) == ["contract", "manager"]
    assert 'id="contract-error"' in html and 'id="manager-error"' in html
    assert re.search(r'id="status"[^>]*checked', html)  # the answer given is kept


def test_a_follow_up_question_opens_on_the_same_step(client, lang):
    html = main(post(client, "situation", status="employee"))
    assert 'name="contract"' in html and 'name="manager"' in html and "field-error" not in html


def test_jobseeker_path_ends_at_france_travail_with_contacts(client, lang, app):
    post(client, "situation", status="jobseeker")
    response = post(client, "situation", status="jobseeker", age="26_or_over")
    assert response.status_code == 302 and "/questionnaire/result/" in response.location
    html = main(client.get(response.location))
    assert "France Travail" in html and 'href="tel:3949"' in html and "https://www.francetravail.fr/" in html
    assert {"fr": "Ma situation est différente", "en": "My situation is different"}[lang] in html
    row = db.session.scalars(db.select(Prequal)).one()
    assert (row.scope, row.networks, row.channel, row.locale) == ("out", ["france_travail"], "web", lang)


def test_back_keeps_every_answer(client, lang):
    employee_until_preferences(client)
    response = post(client, "preferences", action="back", modality="video", times=["evening"])
    assert response.location.endswith(STEP + "urgency")
    html = main(client.get(response.location))
    assert re.search(r'value="end_of_contract" checked', html) and re.search(r'value="within_month" checked', html)
    html = main(client.get(STEP + "need"))
    assert re.search(r'value="training" checked', html) and re.search(r'value="vae" checked', html)
    html = main(client.get(STEP + "place"))
    assert 'value="67000"' in html
    html = main(client.get(STEP + "preferences"))  # what was ticked before pressing back is kept too
    assert re.search(r'value="video" checked', html) and re.search(r'value="evening" checked', html)


def test_leaving_and_coming_back_resumes_where_one_left(client, lang):
    post(client, "situation", status="self_employed")
    response = client.get("/questionnaire/")
    assert response.location.endswith(STEP + "place")


def test_in_scope_path_shows_the_summary_advice_and_booking_hand_off(client, lang, app):
    employee_until_preferences(client)
    response = post(client, "preferences", modality="phone", times=["lunch"])
    html = main(client.get(response.location))
    row = db.session.scalars(db.select(Prequal)).one()
    assert f'href="/booking/start?prequal={row.id}"' in html
    assert "Strasbourg (67000)" in html and "moncompteformation.gouv.fr" in html and "vae.gouv.fr" in html
    assert {"fr": "Votre date est proche", "en": "Your date is close"}[lang] in html
    assert {"fr": "Par téléphone", "en": "By phone"}[lang] in html
    assert (row.scope, row.urgent, row.urgency, row.appointment_type) == ("in", True, "end_of_contract", "first-remote")
    assert (row.region_code, row.insee, row.answers["place"]) == ("44", "67482", "67482")
    assert row.created_at <= row.completed_at


def test_manager_sees_both_options_side_by_side(client, lang):
    post(client, "situation", status="employee")
    post(client, "situation", status="employee", contract="permanent", manager="yes")
    post(client, "place", place="Nantes")
    post(client, "need", needs=["take_stock"])
    post(client, "urgency", deadline="none")
    html = main(client.get(post(client, "preferences", modality="site").location))
    assert {"fr": "Apec", "en": "APEC"}[lang] in html and "https://www.apec.fr/" in html
    # Booking here or picking APEC are both recorded choices (tests/prequal/test_choice.py)
    assert 'name="network" value="cep"' in html and 'name="network" value="apec"' in html


def test_an_unknown_place_is_an_error_tied_to_the_field(client, lang):
    post(client, "situation", status="micro_entrepreneur")
    response = post(client, "place", place="Zzyzx-sur-Mer")
    html = main(response)
    assert response.status_code == 422
    assert 'id="place-error"' in html and 'aria-describedby="place-hint place-error"' in html
    assert 'value="Zzyzx-sur-Mer"' in html  # what was typed is kept


def test_an_ambiguous_commune_offers_a_choice(client, lang, app):
    post(client, "situation", status="micro_entrepreneur")
    html = main(post(client, "place", place="Saint-Denis"))
    assert 'name="place_insee"' in html and "97411" in html
    response = client.post(STEP + "place", data={"shown": ["place"], "action": "next", "place": "Saint-Denis",
                                                  "place_insee": "97411"})
    assert response.location.endswith(STEP + "need")
    post(client, "need", needs=["business"])
    post(client, "urgency", deadline="none")
    post(client, "preferences", modality="site")
    assert db.session.scalars(db.select(Prequal)).one().region_code == "04"


def test_finishing_twice_records_once(client, app):
    post(client, "situation", status="student")
    post(client, "situation", status="student")
    assert db.session.scalar(db.select(db.func.count()).select_from(Prequal)) == 1


def test_a_hidden_step_redirects_and_an_unknown_result_is_404(client):
    post(client, "situation", status="retired")
    assert client.get(STEP + "need").status_code == 302
    assert client.get("/questionnaire/result/not-a-uuid").status_code == 404
    assert client.get("/questionnaire/result/00000000-0000-4000-8000-000000000000").status_code == 404


def test_restart_forgets_the_answers_once_confirmed(client):
    post(client, "situation", status="self_employed")
    asked = client.get("/questionnaire/restart")  # the steps link to this question
    assert asked.status_code == 200 and 'name="confirm" value="yes"' in main(asked)
    unconfirmed = client.post("/questionnaire/restart")  # a POST without the "yes" only asks
    assert unconfirmed.status_code == 200 and 'name="confirm" value="yes"' in main(unconfirmed)
    assert 'checked' in main(client.get(STEP + "situation"))  # nothing forgotten yet
    assert client.post("/questionnaire/restart", data={"confirm": "yes"}).status_code == 302
    assert client.get("/questionnaire/").location.endswith(STEP + "situation")
    assert 'checked' not in main(client.get(STEP + "situation"))


def test_a_step_links_to_the_restart_question_not_a_one_click_form(client):
    page = main(client.get(STEP + "situation"))
    assert 'href="/questionnaire/restart"' in page and 'action="/questionnaire/restart"' not in page


@pytest.mark.parametrize("partner", [
    "union-67",  # a known partner: a link anyone can write does not credit it (only the widget's signed state)
    "nobody",  # an unknown partner: nothing either, and the person is never blocked
])
def test_a_partner_in_the_address_credits_no_one(client, app, partner):
    from bookingsite.models.directory import Partner

    db.session.add(Partner(id="union-67", name="A union", origins=[], active=True))
    db.session.commit()
    client.get(f"/questionnaire/?partner={partner}")
    post(client, "situation", status="retired")
    row = db.session.scalars(db.select(Prequal)).one()
    assert (row.channel, row.partner_id) == ("web", None)


def test_a_site_chosen_before_the_questionnaire_is_carried_to_the_booking(app, client):
    """From a site's page ("book here"), the outcome's booking link goes to that site's slots."""
    client.get("/questionnaire/?site=demo-67482")
    with client.session_transaction() as session:
        state = session["prequal"]
    assert state["site"] == "demo-67482"
    row = record_prequal(answers("employee"), "web", None, None, "fr", datetime(2026, 12, 1, tzinfo=UTC))
    with client.session_transaction() as session:
        session["prequal"] = {**state, "id": row.id}
    html = client.get(f"/questionnaire/result/{row.id}").get_data(as_text=True)
    assert f"/booking/start?prequal={row.id}&amp;site=demo-67482" in html


def test_a_questionnaire_counts_as_started_at_the_first_answer_and_is_completed_in_place(app, client):
    """One row from the first answer on: unfinished (piloting's "started"), then finished with its outcome."""
    client.post("/questionnaire/step/situation", data={"shown": ["status", "contract", "manager"],
                                                       "status": "employee", "contract": "permanent",
                                                       "manager": "no", "action": "next"})
    started = db.session.query(Prequal).one()
    assert started.completed_at is None and started.scope is None and started.answers == {}
    assert get_prequal(started.id) is None  # nothing can be booked from an unfinished questionnaire
    with client.session_transaction() as session:
        state = session["prequal"]
        session["prequal"] = {**state, "answers": answers("employee")}
    client.post("/questionnaire/step/preferences", data={"shown": ["modality"], "modality": "site", "action": "next"})
    finished = db.session.query(Prequal).one()
    db.session.refresh(finished)
    assert finished.id == started.id and finished.completed_at is not None and finished.scope == "in"


def test_the_recommended_appointment_is_named_in_the_pages_language(app, client):
    from tests.factories import make_appointment_type
    make_appointment_type(id="first", label="First interview", duration_min=60)
    db.session.commit()
    row = record_prequal(answers("employee"), "web", None, None, "fr", datetime(2026, 12, 1, tzinfo=UTC))
    assert row.appointment_type == "first"
    french = client.get(f"/questionnaire/result/{row.id}?lang=fr").get_data(as_text=True)
    assert "Premier entretien (60 minutes)" in french and "First interview" not in french
    english = client.get(f"/questionnaire/result/{row.id}?lang=en").get_data(as_text=True)
    assert "First interview (60 minutes)" in english
