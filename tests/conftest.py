"""Shared fixtures: an app on a fresh schema (SQLite, or PostgreSQL when BOOKINGSITE_TEST_DATABASE_URL is set)."""
from __future__ import annotations

import os

import pytest

from bookingsite import create_app
from bookingsite.extensions import db
from tests.databases import fresh_database
from tests.net_helpers import dripping, public_dns  # noqa: F401  (fixtures: a DNS stand-in, a slow server)

# A fixed instant for pages; domain tests pass their own `now`.
TEST_NOW = "2026-12-01T09:00:00+01:00"
BASE_CONFIG = {"ENV": "testing", "SECRET_KEY": "test-secret", "NOW": TEST_NOW, "WTF_CSRF_ENABLED": False,
               "RATELIMIT_ENABLED": False, "BASE_URL": "http://localhost",
               "QUEUE_IMMEDIATE": True}  # tasks run inline; tests/jobs run real consumers


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database of our own for this test session (and xdist worker), dropped at the end."""
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def _schema(database_url):
    app = create_app({**BASE_CONFIG, "DATABASE_URL": database_url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return database_url


@pytest.fixture
def make_app(_schema, tmp_path):
    """Build an app on the test database with extra settings; its tables are emptied afterwards."""
    apps = []

    def factory(**overrides):
        config = {**BASE_CONFIG, "DATABASE_URL": _schema, "OUTBOX_DIR": str(tmp_path / "outbox"), **overrides}
        app = create_app(config)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            with db.engine.begin() as conn:
                for table in reversed(db.metadata.sorted_tables):
                    conn.execute(table.delete())
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    """The application, inside an app context."""
    application = make_app()
    with application.app_context():
        yield application


@pytest.fixture
def demo_app(make_app):
    """An app with the demo directory loaded (demo mode on)."""
    from bookingsite.directory.demo import demo_directory
    from bookingsite.directory.fileformat import write_json
    from bookingsite.directory.store import import_directory

    application = make_app(DEMO=True)
    with application.app_context():
        import_directory(db.session, write_json(demo_directory("http://localhost")))
        yield application


# Fixtures through which a test reaches a database: the PostgreSQL pass runs exactly the tests that use one.
DATABASE_FIXTURES = {"database_url", "live_server"}


def pytest_collection_modifyitems(config, items):
    """On the PostgreSQL pass, leave out the tests that touch no database: the SQLite pass already ran them."""
    if not os.environ.get("BOOKINGSITE_TEST_DATABASE_URL"):
        return
    keep = [item for item in items if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))]
    dropped = [item for item in items if item not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
