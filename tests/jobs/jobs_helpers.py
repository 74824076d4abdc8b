"""Waiting on what a consumer brings about, and consumers started as real processes (``flask jobs run``)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from huey import RedisHuey

ROOT = Path(__file__).resolve().parents[2]
# What a consumer process shares with the site that enqueues: the database, the queue, the mail server.
SHARED = ("DATABASE_URL", "QUEUE_NAME", "QUEUE_SQLITE_PATH", "REDIS_URL", "SMTP_HOST", "SMTP_PORT", "SECRET_KEY",
          "BASE_URL", "MAIL_FROM", "SMS_SENDER")


REDIS_URL = "redis://127.0.0.1:6379/11"  # a database of its own; each test also has its own queue name


@pytest.fixture(params=["sqlite", "redis"])
def queue_settings(request, tmp_path):
    """The queue the site and its consumers share: a SQLite file of this test, or Redis under a name of its own."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        yield {"QUEUE_NAME": name, "QUEUE_SQLITE_PATH": str(tmp_path / "jobs.sqlite")}
        return
    yield {"QUEUE_NAME": name, "REDIS_URL": REDIS_URL}
    RedisHuey(name, url=REDIS_URL).storage.flush_all()


def until(condition, seconds: float = 20.0) -> bool:
    """Wait for a state a consumer brings about (polled: a consumer runs in its own threads or process)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def start_consumer(app: Flask, now: datetime, log: Path, *options: str) -> subprocess.Popen:
    """``flask jobs run`` in a process of its own, configured as ``app`` (its clock frozen at ``now``), logging
    to the file ``log``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKINGSITE_")}
    for name in SHARED:
        value = app.config.get(f"BOOKINGSITE_{name}")
        if value is not None:
            env[f"BOOKINGSITE_{name}"] = str(value)
    env.update(BOOKINGSITE_ENV="testing", BOOKINGSITE_NOW=now.isoformat(), BOOKINGSITE_LOG_LEVEL="INFO")
    with log.open("ab") as stream:
        process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "run", "--workers", "1",
                                    *options], cwd=ROOT, env=env, stdout=stream, stderr=subprocess.STDOUT)
    process.log = log
    return process


def stop(process: subprocess.Popen) -> str:
    """Stop a consumer process (if still running); what it logged."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    return process.log.read_text(errors="replace")
