"""API v1 locator calls: the fixed contract (DESIGN.md), errors as JSON 4xx, never a 500."""
import pytest

from tests.locator.helpers import demo_client

SITE_KEYS = {"id", "name", "operator_id", "region", "address", "postcode", "city", "lat", "lon", "distance_km",
             "within_30km", "timezone", "opening_hours", "open_now", "next_change", "modalities", "wheelchair"}


@pytest.fixture
def client(demo_app):
    return demo_app.test_client()


def test_communes_prefix_search(client):
    body = client.get("/api/v1/communes?q=st%20etienne&limit=3").get_json()
    assert body["communes"][0]["name"] == "Saint-Étienne"
    assert set(body["communes"][0]) == {"insee", "name", "postcode", "department", "region", "lat", "lon"}
    assert len(body["communes"]) == 3
    assert client.get("/api/v1/communes?q=le%20havre").get_json()["communes"][0]["postcode"] == "76600"
    assert client.get("/api/v1/communes?q=7501").get_json()["communes"][0]["postcode"].startswith("7501")


def test_sites_near_75011_contract_and_order(client):
    body = client.get("/api/v1/sites?postcode=75011").get_json()
    assert body["origin"] == {"label": "Paris 11e Arrondissement (75011)", "lat": body["origin"]["lat"],
                              "lon": body["origin"]["lon"], "region": "11"}
    assert body["operator"]["id"] == "demo-op-11" and body["operator"]["phone"]
    sites = body["sites"]
    assert len(sites) == 10 and SITE_KEYS <= set(sites[0])
    assert [s["distance_km"] for s in sites] == sorted(s["distance_km"] for s in sites)
    assert sites[0]["region"] == "11" and sites[0]["within_30km"]
    assert sites[0]["next_change"].endswith("+01:00")  # ISO 8601 with the site's offset


def test_97410_reunion_time_and_20_december(client):
    body = client.get("/api/v1/sites?postcode=97410&limit=20").get_json()
    assert body["operator"]["id"] == "demo-op-04"
    assert {s["region"] for s in body["sites"]} == {"04"} and len(body["sites"]) == 6
    assert all(s["timezone"] == "Indian/Reunion" for s in body["sites"])
    assert body["sites"][0]["next_change"].endswith("+04:00")
    week = client.get("/api/v1/sites/demo-97411?from=2026-12-16").get_json()["week"]
    dec20 = next(d for d in week if d["date"] == "2026-12-20")
    assert dec20["intervals"] == [] and dec20["closed_kind"] == "holiday" and dec20["closed_reason"]
    assert next(d for d in week if d["date"] == "2026-12-17")["intervals"] == [["09:00", "18:00"]]


def test_good_friday_strasbourg_closed_lyon_open(make_app):
    client = demo_client(make_app, "2026-04-03T10:00:00+02:00")
    strasbourg = client.get("/api/v1/sites?postcode=67000&limit=1").get_json()["sites"][0]
    lyon = client.get("/api/v1/sites?postcode=69001&limit=1").get_json()["sites"][0]
    assert strasbourg["id"] == "demo-67482" and strasbourg["open_now"] is False
    assert strasbourg["next_change"] == "2026-04-04T09:00:00+02:00"  # Saturday morning
    assert lyon["open_now"] is True
    day = client.get("/api/v1/sites/demo-67482?from=2026-04-03").get_json()["week"][0]
    assert day == {"date": "2026-04-03", "intervals": [], "closed_kind": "holiday", "closed_reason": "Vendredi saint"}


@pytest.mark.parametrize("query, region", [
    ("postcode=20000", "94"),  # Ajaccio is Corsica
    ("insee=2A004", "94"),  # by INSEE code
    ("lat=48.86&lon=2.38", "11"),  # by position
])
def test_origin_region_and_operator(client, query, region):
    body = client.get(f"/api/v1/sites?{query}").get_json()
    assert body["origin"]["region"] == region and body["operator"]["region"] == region
    assert body["sites"][0]["region"] == region


def test_postcode_of_several_communes_lists_them(client):
    body = client.get("/api/v1/sites?postcode=01000").get_json()
    assert {c["name"] for c in body["communes"]} == {"Bourg-en-Bresse", "Saint-Denis-lès-Bourg"}


def test_one_site_with_its_week(client):
    body = client.get("/api/v1/sites/demo-67482?from=2026-12-21").get_json()
    assert "distance_km" not in body and body["id"] == "demo-67482"
    assert body["week"][0]["date"] == "2026-12-21" and len(body["week"]) == 7
    assert client.get("/api/v1/sites/demo-67482").get_json()["week"][0]["date"] == "2026-12-01"  # today


@pytest.mark.parametrize("url, status, code", [
    ("/api/v1/sites?postcode=99999", 404, "unknown_postcode"),  # well-formed, unknown
    ("/api/v1/sites?postcode=abc", 400, "invalid_parameter"),  # malformed
    ("/api/v1/sites?postcode=" + "7" * 2000, 400, "invalid_parameter"),  # 2,000 characters
    ("/api/v1/sites?postcode=%3Cscript%3E", 400, "invalid_parameter"),  # HTML
    ("/api/v1/sites?insee=99999", 404, "unknown_insee"),  # no such commune
    ("/api/v1/sites", 400, "invalid_parameter"),  # nothing to search from
    ("/api/v1/sites?postcode=75011&insee=75111", 400, "invalid_parameter"),  # two origins
    ("/api/v1/sites?lat=46.5&lon=-5", 404, "outside_area"),  # at sea: well formed, leads nowhere (as 99999)
    ("/api/v1/sites?lat=52.52&lon=13.4", 404, "outside_area"),  # Berlin
    ("/api/v1/sites?lat=abc&lon=2", 400, "invalid_parameter"),  # not a number
    ("/api/v1/sites?lat=48", 400, "invalid_parameter"),  # half a position
    ("/api/v1/sites?postcode=75011&limit=0", 400, "invalid_parameter"),  # limit out of range
    ("/api/v1/sites?postcode=75011&limit=x", 400, "invalid_parameter"),  # limit not a number
    ("/api/v1/sites?postcode=75011&colour=blue", 400, "invalid_parameter"),  # not a parameter of a search
    ("/api/v1/communes", 400, "invalid_parameter"),  # no q
    ("/api/v1/communes?q=" + "a" * 2000, 400, "invalid_parameter"),  # a 2,000-character q
    ("/api/v1/sites/nope", 404, "not_found"),  # unknown site
    ("/api/v1/sites/demo-67482?from=2026-13-01", 400, "invalid_parameter"),  # not a date
    ("/api/v1/sites/demo-67482?from=1800-01-01", 400, "invalid_parameter"),  # out of range
])
def test_errors_are_json_4xx(client, url, status, code):
    response = client.get(url)
    assert response.status_code == status and response.is_json
    assert response.get_json()["error"]["code"] == code and response.get_json()["error"]["message"]


@pytest.mark.parametrize("q", ["<script>alert(1)</script>", "' OR 1=1 --", "abc", "99999"])
def test_odd_commune_queries_are_empty_not_errors(client, q):
    response = client.get("/api/v1/communes", query_string={"q": q})
    assert response.status_code == 200 and response.get_json() == {"communes": []}


def test_openapi_documents_the_locator_paths(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/communes", "/sites", "/sites/{site_id}"} <= set(paths)
