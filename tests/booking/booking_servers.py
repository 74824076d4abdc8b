"""Real servers on loopback for the booking tests: Radicale (CalDAV) and aiosmtpd (SMTP). Import the fixtures."""
from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from email import message_from_bytes
from email.message import Message

import caldav
import pytest


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("radicale stopped at start-up")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("radicale did not start")


class Radicale:
    """A Radicale server: ``make_calendar(name)`` creates a collection and returns its URL."""

    def __init__(self, url: str):
        self.url = url
        self.client = caldav.DAVClient(url=url, timeout=5)
        self.client.request(f"{url}/cep/", "MKCOL", "")

    def make_calendar(self, name: str) -> str:
        """A new calendar collection's URL."""
        collection = f"{self.url}/cep/{name}/"
        assert self.client.request(collection, "MKCALENDAR", "").status == 201
        return collection

    def events(self, collection: str) -> list[bytes]:
        """The raw iCalendar of every event in the collection (read by the caldav library, not by our code)."""
        return [e.data.encode() if isinstance(e.data, str) else e.data
                for e in self.client.calendar(url=collection).events()]


def start_radicale(folder, port: int) -> subprocess.Popen:
    """A Radicale process (no auth) serving ``folder`` on a loopback port, once it answers; ``terminate()`` it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", f"--storage-filesystem-folder={folder}", "--auth-type=none",
         f"--server-hosts=127.0.0.1:{port}", "--logging-level=warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, process)
    except RuntimeError:
        process.terminate()
        raise
    return process


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    """A real CalDAV server (Radicale, no auth) on a loopback port, for this module."""
    port = free_port()
    process = start_radicale(tmp_path_factory.mktemp("radicale"), port)
    try:
        yield Radicale(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)


class Inbox:
    """What the SMTP server received: (envelope recipients, parsed message)."""

    def __init__(self):
        self.received: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        """Messages sent to this address, in order."""
        return [m for rcpt, m in self.received if address in rcpt]


@contextlib.contextmanager
def running_smtp(inbox):
    """A real SMTP server (aiosmtpd) on a loopback port handing what it receives to ``inbox``; ``.inbox`` is it,
    ``.port`` its port; stopped when the block ends."""
    from aiosmtpd.controller import Controller

    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    controller.inbox = inbox
    try:
        yield controller
    finally:
        controller.stop()


@pytest.fixture
def smtp_server():
    """A real SMTP server collecting every message in ``.inbox``."""
    with running_smtp(Inbox()) as controller:
        yield controller


def calendar_parts(message: Message) -> list[bytes]:
    """Every text/calendar or .ics part of a message, decoded."""
    parts = []
    for part in message.walk():
        if part.get_content_type() in ("text/calendar", "application/ics"):
            parts.append(part.get_payload(decode=True))
    return parts
