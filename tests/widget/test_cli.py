"""flask partners add / origins / rotate-key / revoke-key: the widget id printed, the secret key printed once, only its
digest stored."""
from bookingsite.api.keys import partner_by_api_key
from bookingsite.directory.keys import hash_api_key
from bookingsite.extensions import db
from bookingsite.models.directory import Partner
from bookingsite.widget.partners import partner_by_widget_id
from tests.factories import make_partner
from tests.widget.helpers import printed_key


def test_add_prints_the_widget_id_and_the_key_once_and_stores_its_digest(app):
    result = app.test_cli_runner().invoke(args=["partners", "add", "Mairie de Lyon", "--origin",
                                                "https://www.Lyon.fr/", "--origin", "http://localhost:8000"])
    assert result.exit_code == 0, result.output
    key = printed_key(result.output)
    partner = db.session.get(Partner, "mairie-de-lyon")
    assert partner.origins == ["https://www.lyon.fr", "http://localhost:8000"]
    assert partner.api_key_hash == hash_api_key(key) and key not in str(vars(partner))
    assert "Widget id (publishable, for data-partner): mairie-de-lyon" in result.output
    assert key.startswith("sk_") and key != partner.widget_id
    assert partner_by_api_key(db.session, key).id == "mairie-de-lyon"
    assert partner_by_widget_id(db.session, "mairie-de-lyon").id == "mairie-de-lyon"
    assert "/partners/mairie-de-lyon?token=" in result.output
    again = app.test_cli_runner().invoke(args=["partners", "add", "Mairie de Lyon"])
    assert again.exit_code == 0 and db.session.get(Partner, "mairie-de-lyon-2") is not None


def test_add_picks_an_id_no_partner_uses_as_widget_id(app):
    make_partner(id="other", widget_id="union")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["partners", "add", "Union"])
    assert result.exit_code == 0, result.output
    assert db.session.get(Partner, "union-2").widget_id == "union-2"


def test_add_refuses_what_is_not_an_origin(app):
    result = app.test_cli_runner().invoke(args=["partners", "add", "X", "--origin", "www.example.fr/page"])
    assert result.exit_code != 0 and "origin" in result.output
    assert db.session.query(Partner).count() == 0


def test_rotate_key_prints_a_new_key_once_and_the_old_one_stops_working(app):
    old = printed_key(app.test_cli_runner().invoke(args=["partners", "add", "Union"]).output)
    result = app.test_cli_runner().invoke(args=["partners", "rotate-key", "union"])
    assert result.exit_code == 0, result.output
    new = printed_key(result.output)
    assert new != old and partner_by_api_key(db.session, old) is None
    assert partner_by_api_key(db.session, new).id == "union"
    assert db.session.get(Partner, "union").widget_id == "union"  # the widget id does not change


def test_revoke_key_leaves_no_key_and_keeps_the_widget(app):
    key = printed_key(app.test_cli_runner().invoke(args=["partners", "add", "Union"]).output)
    result = app.test_cli_runner().invoke(args=["partners", "revoke-key", "union"])
    assert result.exit_code == 0 and key not in result.output
    assert db.session.get(Partner, "union").api_key_hash is None
    assert partner_by_api_key(db.session, key) is None
    assert partner_by_widget_id(db.session, "union") is not None


def test_key_commands_refuse_an_unknown_partner(app):
    for command in ("rotate-key", "revoke-key"):
        result = app.test_cli_runner().invoke(args=["partners", command, "nobody"])
        assert result.exit_code != 0 and "nobody" in result.output


def test_origins_shows_then_replaces_where_the_widget_may_appear(app):
    make_partner(id="intranet", origins=["https://old.example.fr"])
    db.session.commit()
    shown = app.test_cli_runner().invoke(args=["partners", "origins", "intranet"])
    assert shown.exit_code == 0 and "https://old.example.fr" in shown.output
    changed = app.test_cli_runner().invoke(args=["partners", "origins", "intranet", "https://Intranet.example.fr/",
                                                 "http://localhost:8080"])
    assert changed.exit_code == 0, changed.output
    assert db.session.get(Partner, "intranet").origins == ["https://intranet.example.fr", "http://localhost:8080"]
    refused = app.test_cli_runner().invoke(args=["partners", "origins", "intranet", "intranet.example.fr/page"])
    assert refused.exit_code != 0 and "origin" in refused.output
    assert db.session.get(Partner, "intranet").origins == ["https://intranet.example.fr", "http://localhost:8080"]
