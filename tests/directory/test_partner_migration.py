"""The migration that gives partners a publishable widget id, on a database that already has partners."""
import pytest
from sqlalchemy import text

from bookingsite.directory.cli import upgrade_database
from bookingsite.extensions import db
from tests.databases import fresh_database


@pytest.fixture
def empty_database(tmp_path):
    with fresh_database(tmp_path, "bs_wid") as url:
        yield url


def test_existing_partners_get_their_id_as_widget_id(empty_database, make_app):  # make_app is torn down first
    app = make_app(DATABASE_URL=empty_database)
    with app.app_context():
        upgrade_database("0001_directory")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO partner (id, name, origins, api_key_hash, active) "
                              "VALUES ('p1', 'Union', '[]', 'digest', true)"))
        upgrade_database()
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, widget_id, api_key_hash FROM partner")).all()
        db.engine.dispose()
    assert [tuple(r) for r in rows] == [("p1", "p1", "digest")]
