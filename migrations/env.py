"""Alembic environment: the metadata of every model; the connection comes from the app (or its config)."""
from alembic import context

from bookingsite.extensions import db
import bookingsite.models  # noqa: F401  (registers every table)

target_metadata = db.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:  # plain `alembic upgrade heads`: build the app to read BOOKINGSITE_DATABASE_URL
        from bookingsite import create_app

        app = create_app()
        with app.app_context(), db.engine.begin() as conn:
            _run(conn)
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
