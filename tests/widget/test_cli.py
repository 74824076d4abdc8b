"""flask partners add: the key printed once, only its digest stored."""
import re

from bookingsite.directory.keys import hash_api_key
from bookingsite.extensions import db
from bookingsite.models.directory import Partner
from bookingsite.widget.partners import partner_by_key


def test_add_prints_the_key_once_and_stores_its_digest(app):
    result = app.test_cli_runner().invoke(args=["partners", "add", "Mairie de Lyon", "--origin",
                                                "https://www.Lyon.fr/", "--origin", "http://localhost:8000"])
    assert result.exit_code == 0, result.output
    key = re.search(r"API key[^:]*: (\S+)", result.output).group(1)
    partner = db.session.get(Partner, "mairie-de-lyon")
    assert partner.origins == ["https://www.lyon.fr", "http://localhost:8000"]
    assert partner.api_key_hash == hash_api_key(key) and key not in str(vars(partner))
    assert partner_by_key(db.session, key).id == "mairie-de-lyon"
    assert "/partners/mairie-de-lyon?token=" in result.output
    again = app.test_cli_runner().invoke(args=["partners", "add", "Mairie de Lyon"])
    assert again.exit_code == 0 and db.session.get(Partner, "mairie-de-lyon-2") is not None


def test_add_refuses_what_is_not_an_origin(app):
    result = app.test_cli_runner().invoke(args=["partners", "add", "X", "--origin", "www.example.fr/page"])
    assert result.exit_code != 0 and "origin" in result.output
    assert db.session.query(Partner).count() == 0
