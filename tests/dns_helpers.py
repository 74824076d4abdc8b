"""A stand-in for DNS (the test machine has none): names under ``.example`` resolve to the answers a test queues.

Everything else about the network stays real: the servers, the sockets, the TLS. tests/conftest.py offers the fixture.
"""
from __future__ import annotations

import socket

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
