"""For the outbound guard's tests: a stand-in for DNS (the test machine has none; names under ``.example`` resolve
to the answers a test queues) and a real server that drips its answer. Everything else about the network stays
real: the servers, the sockets, the TLS. tests/conftest.py offers the fixtures.
"""
from __future__ import annotations

import socket
import threading
import time

import pytest

PUBLIC = "93.184.216.34"  # a public address; nothing answers it from the test machine


@pytest.fixture
def public_dns(monkeypatch):
    """The test machine has no DNS: names under .example resolve to the answers queued here (the last one repeats;
    an answer is an address or a tuple of them), every other name or literal as usual. ``lookups`` counts the
    questions asked for each name."""
    real, answers, lookups = socket.getaddrinfo, {}, {}

    def getaddrinfo(host, port, *args, **kwargs):
        if not str(host).endswith(".example"):
            return real(host, port, *args, **kwargs)
        lookups[host] = lookups.get(host, 0) + 1
        queue = answers[host]
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))
                for address in ((answer,) if isinstance(answer, str) else answer)]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers, lookups


class DrippingServer:
    """A real HTTP server on loopback that sends its answer one byte at a time, ``pause`` seconds apart; it counts
    the connections it accepts, and the requests it reads."""

    def __init__(self, answer: bytes, pause: float):
        self.answer, self.pause, self.requests, self.connections = answer, pause, 0, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            self.requests += 1
            try:
                for byte in self.answer:
                    conn.sendall(bytes([byte]))
                    time.sleep(self.pause)
            except OSError:
                return  # the client hung up: what the deadline is for

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def dripping():
    servers = []

    def start(answer: bytes, pause: float) -> DrippingServer:
        servers.append(DrippingServer(answer, pause))
        return servers[-1]

    yield start
    for server in servers:
        server.close()
