"""Directory import and export: all or nothing, errors naming line and field, round trips in JSON and CSV."""
import json

import pytest
from sqlalchemy import func, select

from bookingsite.directory.demo import demo_directory
from bookingsite.directory.fileformat import write_csv, write_json
from bookingsite.directory.keys import hash_api_key
from bookingsite.directory.schema import DirectoryError
from bookingsite.directory.store import export_directory, import_directory
from bookingsite.extensions import db
from bookingsite.models import Agenda, Operator, Partner, Site


def small_directory(**site_overrides) -> dict:
    """One operator, one site, one agenda, one type, one partner: a valid file."""
    site = {"id": "lyon-1", "operator_id": "op-84", "name": "CEP Lyon", "address": "1 place Bellecour",
            "postcode": "69001", "opening_hours": "Mo-Fr 09:00-17:00; Sa 09:00-12:00", "modalities": ["site", "phone"],
            "wheelchair": True, "closures": [{"date": "2026-12-24", "reason": "Fermeture"}], **site_overrides}
    return {"operators": [{"id": "op-84", "name": "CEP ARA", "region": "84", "phone": "04 72 00 00 00",
                           "website": "https://cep-ara.example.fr", "email": "contact@cep-ara.example.fr"}],
            "sites": [site],
            "agendas": [{"id": "lyon-1-a", "site_id": "lyon-1", "name": "A", "feed_url": "https://x.example/a.ics",
                         "mode": "busy", "capacity": 2}],
            "appointment_types": [{"id": "first", "label": "First", "duration_min": 60, "modalities": ["site"]}],
            "partners": [{"id": "p1", "name": "Union", "origins": ["https://union.example.org"]}]}


def test_import_fills_in_commune_and_coordinates(app):
    counts = import_directory(db.session, json.dumps(small_directory()))
    assert counts == {"operators": 1, "sites": 1, "agendas": 1, "appointment_types": 1, "partners": 1}
    site = db.session.get(Site, "lyon-1")
    assert (site.insee, site.city, site.timezone, site.department) == ("69381", "Lyon 1er Arrondissement",
                                                                       "Europe/Paris", "69")


@pytest.mark.parametrize("override, field, message", [
    ({"opening_hours": "Mo-Fr 9 to 5"}, "opening_hours", "not a valid opening_hours"),  # OSM syntax checked
    ({"postcode": "99999"}, "postcode", "not a known French postal code"),  # unknown postcode
    ({"operator_id": "op-nowhere"}, "operator_id", "neither in the file"),  # dangling reference
    ({"modalities": ["site", "telepathy"]}, "modalities", "must be a list of"),  # unknown modality
    ({"closures": [{"date": "24/12/2026"}]}, "closures", "YYYY-MM-DD"),  # date format
    ({"email": "not-an-email"}, "email", "not a valid e-mail"),  # e-mail
    ({"phone": "12"}, "phone", "not a valid phone"),  # phone
])
def test_bad_entries_are_refused_naming_line_and_field(app, override, field, message):
    text = json.dumps(small_directory(**override), indent=2)
    with pytest.raises(DirectoryError) as caught:
        import_directory(db.session, text)
    problem = caught.value.problems[0]
    assert problem.field == field and message in problem.message
    assert problem.line == text.splitlines().index('      "id": "lyon-1",') + 1
    assert f"line {problem.line}" in str(problem) and "lyon-1" in str(problem)


def test_nothing_is_imported_when_one_entry_is_bad(app):
    document = small_directory()
    document["agendas"].append({"id": "bad", "site_id": "lyon-1", "name": "B", "capacity": 0})
    with pytest.raises(DirectoryError):
        import_directory(db.session, json.dumps(document))
    assert db.session.scalar(select(func.count()).select_from(Operator)) == 0


def test_csv_errors_name_the_line(app):
    text = write_csv(small_directory(opening_hours="whenever"))
    with pytest.raises(DirectoryError) as caught:
        import_directory(db.session, text, "csv")
    assert caught.value.problems[0].line == 3  # header, operator, then the site


def test_invalid_json_is_a_clear_error(app):
    with pytest.raises(DirectoryError, match="line 1.*not valid JSON"):
        import_directory(db.session, '{"operators": [')


def test_reimport_replaces_by_id_and_keeps_the_rest(app):
    import_directory(db.session, json.dumps(small_directory()))
    import_directory(db.session, json.dumps({"sites": [small_directory(name="CEP Lyon Bellecour")["sites"][0]]}))
    assert db.session.get(Site, "lyon-1").name == "CEP Lyon Bellecour"
    assert db.session.get(Agenda, "lyon-1-a").capacity == 2


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_gives_back_the_same_directory(app, fmt):
    import_directory(db.session, write_json(demo_directory("http://localhost")))
    exported = export_directory(db.session, fmt)
    import_directory(db.session, exported, fmt)
    assert export_directory(db.session, fmt) == exported
    assert json.loads(export_directory(db.session, "json"))["sites"][0]["opening_hours"]


def test_csv_export_quotes_formulas_and_import_takes_the_quote_off(app):
    document = small_directory()
    document["sites"][0].update(name="=HYPERLINK(\"http://x\")", phone="+33 4 72 00 00 00")
    import_directory(db.session, write_json(document))
    exported = export_directory(db.session, "csv")
    assert "'=HYPERLINK" in exported and "'+33 4 72 00 00 00" in exported  # a spreadsheet shows them as text
    import_directory(db.session, exported, "csv")
    site = db.session.get(Site, document["sites"][0]["id"])
    assert (site.name, site.phone) == ('=HYPERLINK("http://x")', "+33 4 72 00 00 00")


def test_demo_directory_covers_every_region(app):
    document = demo_directory("http://localhost")
    import_directory(db.session, write_json(document))
    regions = {s.operator.region_code for s in db.session.scalars(select(Site))}
    assert len(regions) == 18 and len(document["sites"]) >= 150
    assert all(o["demo"] for o in document["operators"])


def test_cli_import_reports_problems_and_exit_code(app, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(small_directory(postcode="00000")))
    result = app.test_cli_runner().invoke(args=["directory", "import", str(bad)])
    assert result.exit_code == 1 and "postcode" in result.output
    good = tmp_path / "good.json"
    good.write_text(json.dumps(small_directory()))
    assert app.test_cli_runner().invoke(args=["directory", "import", str(good)]).exit_code == 0
    out = app.test_cli_runner().invoke(args=["directory", "export", "--format", "csv"]).output
    assert out.startswith("type,id,") and "lyon-1" in out


def test_widget_id_travels_in_the_file_and_the_key_never_does(app):
    import_directory(db.session, write_json(demo_directory("http://localhost")))
    for fmt in ("json", "csv"):
        exported = export_directory(db.session, fmt)
        assert "demo-partner-key" not in exported and hash_api_key("demo-partner-key") in exported
    partner = json.loads(export_directory(db.session, "json"))["partners"][0]
    assert partner["widget_id"] == "demo-partner" and "api_key" not in partner


def test_a_partner_without_widget_id_gets_its_id(app):
    import_directory(db.session, json.dumps(small_directory()))
    assert db.session.get(Partner, "p1").widget_id == "p1"
    document = {"partners": [{"id": "p1", "name": "Union", "widget_id": "union-widget"}]}
    import_directory(db.session, json.dumps(document))
    assert db.session.get(Partner, "p1").widget_id == "union-widget"


@pytest.mark.parametrize("partners, message", [
    ([{"id": "p2", "name": "B", "widget_id": "p1"}], "already the widget id of partner 'p1'"),  # held by p1
    ([{"id": "p2", "name": "B", "widget_id": "w"}, {"id": "p3", "name": "C", "widget_id": "w"}],
     "already the widget id of partner 'p2'"),  # twice in the file
    ([{"id": "p2", "name": "B", "widget_id": "sk_x", "api_key_hash": hash_api_key("sk_x")}],
     "secret API key"),  # the secret key itself, which would end up in web pages
])
def test_widget_id_clashes_are_refused(app, partners, message):
    import_directory(db.session, json.dumps(small_directory()))
    with pytest.raises(DirectoryError) as caught:
        import_directory(db.session, json.dumps({"partners": partners}, indent=2))
    problem = caught.value.problems[0]
    assert problem.field == "widget_id" and message in problem.message and problem.line


def test_partners_may_swap_widget_ids_in_one_file(app):
    document = {"partners": [{"id": "p1", "name": "A", "widget_id": "a"}, {"id": "p2", "name": "B", "widget_id": "b"}]}
    import_directory(db.session, json.dumps(document))
    document["partners"][0]["widget_id"], document["partners"][1]["widget_id"] = "b", "a"
    import_directory(db.session, json.dumps(document))
    assert (db.session.get(Partner, "p1").widget_id, db.session.get(Partner, "p2").widget_id) == ("b", "a")
