"""Shared by the HTTP benchmarks: a database with the demo directory, gunicorn on loopback, load driven by wrk.

Everything stays on 127.0.0.1, and every load loop is bounded by a request count and a duration.
"""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# Rate limits would answer 429 to a benchmark that comes from one address: they are measured off.
SITE_APP = "bookingsite:create_app({'RATELIMIT_ENABLED': False})"
HELLO_APP = "bench.hello_app:app"
# A production site must name its publisher, host and contact (the legal notice): placeholders for the benches.
LEGAL = {"LEGAL_PUBLISHER": "Bench", "LEGAL_PUBLISHER_ADDRESS": "Bench", "LEGAL_DIRECTOR": "Bench",
         "LEGAL_HOST": "Bench", "LEGAL_HOST_ADDRESS": "Bench", "CONTACT_EMAIL": "bench@example.fr"}


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def demo_database(postgres: str | None, base_url: str):
    """A fresh database with the schema (Alembic) and the demo directory: SQLite in a temp dir, or PostgreSQL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    with tempfile.TemporaryDirectory(prefix="bs-bench-") as tmp:
        if not postgres:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
            _load_demo(url, base_url, tmp)
            yield url
            return
        name = f"bs_bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(postgres).set(database=name).render_as_string(hide_password=False)
        try:
            _load_demo(url, base_url, tmp)
            yield url
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def _load_demo(url: str, base_url: str, tmp: str) -> None:
    from bookingsite import create_app
    from bookingsite.directory.cli import upgrade_database
    from bookingsite.directory.demo import demo_directory
    from bookingsite.directory.fileformat import write_json
    from bookingsite.directory.store import import_directory
    from bookingsite.extensions import db

    app = create_app({"ENV": "testing", "DATABASE_URL": url, "OUTBOX_DIR": str(Path(tmp) / "outbox")})
    with app.app_context():
        upgrade_database()
        import_directory(db.session, write_json(demo_directory(base_url)))
        db.session.remove()
        db.engine.dispose()


def site_env(database_url: str, base_url: str, tmp: str) -> dict:
    """The environment of a production-like site process (production settings, a secret, demo data)."""
    return {**os.environ, "BOOKINGSITE_ENV": "production", "BOOKINGSITE_SECRET_KEY": secrets.token_hex(32),
            "BOOKINGSITE_DATABASE_URL": database_url, "BOOKINGSITE_BASE_URL": base_url, "BOOKINGSITE_DEMO": "1",
            "BOOKINGSITE_OUTBOX_DIR": str(Path(tmp) / "outbox"), "BOOKINGSITE_LOG_LEVEL": "WARNING",
            "BOOKINGSITE_SMS_SENDER": "memory", **{f"BOOKINGSITE_{k}": v for k, v in LEGAL.items()}}


@contextlib.contextmanager
def gunicorn(app: str, port: int, env: dict | None = None, workers: int = 2, log: Path | None = None):
    """``gunicorn -w WORKERS -b 127.0.0.1:PORT APP`` until the block ends; waits until it answers."""
    with open(log or os.devnull, "ab") as out:
        process = subprocess.Popen(
            [GUNICORN, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--chdir", str(ROOT), app],
            env=env or dict(os.environ), stdout=out, stderr=out)
        try:
            _wait_until_up(port, process)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} (see its log)")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            return
        except OSError as exc:
            if getattr(exc, "code", None):  # an HTTP error status still means it is up
                return
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout:.0f} s")


@dataclass
class Result:
    """What one wrk run measured."""

    url: str
    rps: float
    p50: float  # milliseconds
    p99: float
    requests: int
    bad: int  # non-2xx/3xx answers plus socket errors


WRK = shutil.which("wrk")
# wrk's --latency table: "     50%    1.23ms" (units us, ms or s).
_PERCENTILE = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def measure(base: str, path: str, connections: int = 32, duration: float = 8.0, threads: int = 2) -> Result:
    """Drive ``path`` with wrk (``threads`` threads, ``connections`` keep-alive connections) after a 1 s warm-up."""
    if WRK is None:
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install -y wrk)")
    url = base + path
    subprocess.run([WRK, "-t", str(threads), "-c", str(connections), "-d", "1s", url], capture_output=True,
                   check=True, timeout=60)
    out = subprocess.run([WRK, "-t", str(threads), "-c", str(connections), "-d", f"{duration:.0f}s", "--latency",
                          url], capture_output=True, text=True, check=True, timeout=duration + 60).stdout
    latency = {int(n): float(v) * _UNIT_MS[unit] for n, v, unit in _PERCENTILE.findall(out)}
    requests = int(re.search(r"^\s*(\d+) requests in", out, re.MULTILINE).group(1))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    bad += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return Result(path, rps, latency.get(50, float("nan")), latency.get(99, float("nan")), requests, bad)
