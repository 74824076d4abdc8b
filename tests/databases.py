"""A database of a test's own: an SQLite file, or a new PostgreSQL database when BOOKINGSITE_TEST_DATABASE_URL
names a server (created here, dropped afterwards)."""
from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextlib.contextmanager
def fresh_database(tmp_dir: Path, prefix: str = "bs_test"):
    """Yield the URL of an empty database of the suite's kind."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    server = os.environ.get("BOOKINGSITE_TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_dir / f'{name}.sqlite'}"
        return
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
