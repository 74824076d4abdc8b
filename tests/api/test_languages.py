"""The API answers in the language the caller asks for (Accept-Language, French by default)."""
import pytest

from tests.locator.helpers import demo_client  # noqa: F401  (the demo_app fixture's module)


@pytest.fixture
def client(demo_app):
    return demo_app.test_client()


@pytest.mark.parametrize("method, url, body, english, french", [
    # a postal code no commune has
    ("get", "/api/v1/sites?postcode=99999", None, "No commune has the postal code 99999.",
     "Aucune commune n'a le code postal 99999."),
    # no origin at all: pydantic's own English words must not reach a French caller
    ("get", "/api/v1/sites", None, "Give exactly one origin", "Donnez exactement une origine"),
    # a parameter too short
    ("get", "/api/v1/communes?q=", None, "'q' is too short.", "« q » est trop court."),
    # a value outside its list
    ("get", "/api/v1/sites/nope/slots?modality=boat", None, "'modality' must be one of", "« modality » doit valoir"),
    # an unknown site
    ("get", "/api/v1/sites/nope", None, "No site has this id.", "Aucun lieu d'accueil n'a cet identifiant."),
    # a day the API cannot read
    ("get", "/api/v1/sites/nope/slots?from=2026-13-01", None, "'from'", "« from »"),
    # an unknown address (the site-wide 404)
    ("get", "/api/v1/nothing", None, "This page does not exist or has moved.",
     "Cette page n'existe pas ou a été déplacée."),
    # a booking without a partner key
    ("post", "/api/v1/bookings", {}, "A valid partner key is required", "Une clé de partenaire valide est requise"),
])
def test_errors_speak_the_callers_language(client, method, url, body, english, french):
    for asked, expected in (("en-GB,en;q=0.8", english), ("fr-FR,fr;q=0.9", french), (None, french), ("de", french)):
        headers = {"Accept-Language": asked} if asked else {}
        response = getattr(client, method)(url, json=body, headers=headers)
        assert 400 <= response.status_code < 500
        assert expected in response.get_json()["error"]["message"], (asked, response.get_json())
        assert response.headers["Content-Language"] == ("en" if expected == english else "fr")
        assert "Accept-Language" in response.headers["Vary"]


def test_an_explicit_lang_parameter_wins(client):
    response = client.get("/api/v1/sites?postcode=99999&lang=en", headers={"Accept-Language": "fr"})
    assert response.get_json()["error"]["message"] == "No commune has the postal code 99999."


def test_the_questionnaire_is_in_the_callers_language(client):
    english = client.get("/api/v1/questionnaire", headers={"Accept-Language": "en"}).get_json()
    french = client.get("/api/v1/questionnaire", headers={"Accept-Language": "fr"}).get_json()
    assert english != french and english["questions"][0]["label"] != french["questions"][0]["label"]
