"""Shared by the HTTP benchmarks: a database with the demo directory, gunicorn on loopback, a keep-alive load generator.

Everything stays on 127.0.0.1, and every load loop is bounded by a request count and a duration.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# Rate limits would answer 429 to a benchmark that comes from one address: they are measured off.
SITE_APP = "bookingsite:create_app({'RATELIMIT_ENABLED': False})"
HELLO_APP = "bench.hello_app:app"


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
            "BOOKINGSITE_OUTBOX_DIR": str(Path(tmp) / "outbox"), "BOOKINGSITE_LOG_LEVEL": "WARNING"}


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
    """What one load run measured."""

    url: str
    latencies: list[float] = field(default_factory=list)  # seconds, completed requests
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    elapsed: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        """Latency percentile in milliseconds."""
        if len(self.latencies) < 2:
            return (self.latencies[0] * 1000) if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1] * 1000


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one HTTP/1.1 response; return (status, whether the connection may be reused)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    else:
        await reader.read()
        return status, False
    return status, headers.get("connection", "").lower() != "close"


async def _client(host: str, port: int, request: bytes, result: Result, stop: float, budget: list[int]) -> None:
    reader = writer = None
    while time.monotonic() < stop and budget[0] > 0:
        budget[0] -= 1
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            status, reusable = await _read_response(reader)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            result.errors += 1
            writer = None
            continue
        result.latencies.append(time.perf_counter() - started)
        result.statuses[status] = result.statuses.get(status, 0) + 1
        if not reusable:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def _load(base: str, path: str, clients: int, duration: float, max_requests: int) -> Result:
    host, port = base.split("//")[1].split(":")
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: keep-alive\r\n\r\n".encode()
    result = Result(url=path)
    budget = [max_requests]
    started = time.monotonic()
    stop = started + duration
    await asyncio.gather(*(_client(host, int(port), request, result, stop, budget) for _ in range(clients)))
    result.elapsed = time.monotonic() - started
    return result


def measure(base: str, path: str, clients: int = 32, duration: float = 5.0, max_requests: int = 50_000,
            warmup: float = 1.0) -> Result:
    """Drive ``path`` with ``clients`` concurrent keep-alive clients for ``duration`` s (after a warm-up)."""
    asyncio.run(_load(base, path, clients, warmup, max_requests))
    return asyncio.run(_load(base, path, clients, duration, max_requests))
