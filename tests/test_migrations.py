"""The Alembic migrations create exactly the schema the models describe (on SQLite and PostgreSQL)."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from bookingsite.directory.cli import upgrade_database
from bookingsite.extensions import db
from tests.databases import fresh_database


@pytest.fixture
def empty_database(tmp_path):
    """A database with nothing in it, of the same kind as the suite's."""
    with fresh_database(tmp_path, "bs_mig") as url:
        yield url


def test_upgrade_from_empty_matches_the_models(empty_database, make_app):  # make_app is torn down first
    app = make_app(DATABASE_URL=empty_database)
    with app.app_context():
        upgrade_database()
        upgrade_database()  # running it twice is harmless
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"
    assert {"operator", "site", "agenda", "appointment_type", "partner", "region"} <= tables


def test_existing_partners_get_their_id_as_widget_id(empty_database, make_app):
    app = make_app(DATABASE_URL=empty_database)
    with app.app_context():
        upgrade_database("0001_directory")  # a partner from before widget ids, its API key in its pages
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO partner (id, name, origins, api_key_hash, active) "
                              "VALUES ('p1', 'Union', '[]', 'digest', true)"))
        upgrade_database()
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, widget_id, api_key_hash FROM partner")).all()
        db.engine.dispose()
    assert [tuple(r) for r in rows] == [("p1", "p1", "digest")]


def test_the_outbox_takes_webhooks_after_the_upgrade(empty_database, make_app):
    """compare_metadata does not read CHECK constraints: the outbox's new kind is checked by inserting it."""
    app = make_app(DATABASE_URL=empty_database)
    with app.app_context():
        upgrade_database()
        columns = ("kind, change, sequence, created_at, status, attempts, next_attempt_at")
        values = "'2026-12-01 08:00:00+00', 'pending', 0, '2026-12-01 08:00:00+00'"
        with db.engine.begin() as conn:  # a questionnaire's webhook: no booking
            conn.execute(text(f"INSERT INTO outbox_message ({columns}) VALUES ('webhook', 'finished', 0, {values})"))
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(text(f"INSERT INTO outbox_message ({columns}) VALUES ('fax', 'finished', 0, {values})"))
        db.engine.dispose()


def test_names_stored_before_the_folded_column_are_folded_by_the_upgrade(empty_database, make_app):
    """The upgrade that adds ``booking.name_folded`` fills it for the bookings already there."""
    from alembic import command
    from alembic.config import Config

    from bookingsite.booking import service
    from bookingsite.directory.cli import ROOT
    from bookingsite.directory.store import ensure_regions
    from tests.booking.booking_helpers import book_args, setup_site

    app = make_app(DATABASE_URL=empty_database)
    with app.app_context():
        upgrade_database()
        ensure_regions(db.session)
        service.book(**book_args(setup_site()[0], name="Gaël Lefèvre"))
        db.session.remove()
        config = Config(str(ROOT / "alembic.ini"))
        config.set_main_option("script_location", str(ROOT / "migrations"))
        with db.engine.begin() as connection:  # back to the schema without the column; the name stays
            config.attributes["connection"] = connection
            command.downgrade(config, "0012_booking_name_folded-1")
        assert "name_folded" not in {c["name"] for c in inspect(db.engine).get_columns("booking")}
        upgrade_database()
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT name, name_folded FROM booking")).all()
        db.engine.dispose()
    assert [tuple(r) for r in rows] == [("Gaël Lefèvre", "gael lefevre")]
