"""A real webhook receiver on loopback: it verifies every delivery with the standardwebhooks library.

Each path is one endpoint with its own secret (``expect``); a delivery whose signature does not verify is
answered 401 and recorded as rejected. Answers can be queued per path (``answer(path, 500, 200)``): the last one
repeats.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from bookingsite.webhooks import subscriptions
from bookingsite.webhooks.payloads import EVENTS
from tests.booking.booking_helpers import NOW


@dataclass
class Delivery:
    """One request as received: its path, headers, raw body, and whether its signature verified."""

    path: str
    headers: dict
    body: bytes
    verified: bool
    status: int

    @property
    def payload(self) -> dict:
        """The JSON body."""
        return json.loads(self.body)


class Receiver:
    """A threaded HTTP server; ``url(path)`` to subscribe, ``received(path)`` what came in."""

    def __init__(self):
        self.secrets: dict[str, str] = {}
        self.answers: dict[str, list[int]] = {}
        self.deliveries: list[Delivery] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.handle(self, body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        """The endpoint's address."""
        return f"http://127.0.0.1:{self.port}{path}"

    def expect(self, path: str, secret: str) -> None:
        """Verify what comes to ``path`` with ``secret``."""
        self.secrets[path] = secret

    def answer(self, path: str, *statuses: int) -> None:
        """Answer the next requests to ``path`` with these statuses (the last one repeats)."""
        self.answers[path] = list(statuses)

    def handle(self, request: BaseHTTPRequestHandler, body: bytes) -> None:
        """Verify the delivery, record it, answer."""
        headers = {name.lower(): value for name, value in request.headers.items()}
        try:
            Webhook(self.secrets[request.path]).verify(body, headers)
            verified = True
        except (WebhookVerificationError, KeyError, ValueError):
            verified = False
        with self.lock:
            queue = self.answers.get(request.path) or [200]
            status = (queue.pop(0) if len(queue) > 1 else queue[0]) if verified else 401
            self.deliveries.append(Delivery(request.path, headers, body, verified, status))
        request.send_response(status)
        request.send_header("Content-Length", "0")
        request.end_headers()

    def received(self, path: str) -> list[Delivery]:
        """What came to ``path``, in order."""
        with self.lock:
            return [d for d in self.deliveries if d.path == path]

    def close(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()


def subscribe(receiver: Receiver, path: str, private_ok: bool = True, events=EVENTS, **owner):
    """A subscription to the receiver's ``path`` that the receiver verifies with its secret."""
    sub = subscriptions.add_subscription(receiver.url(path), list(events), NOW, allow_private_network=private_ok,
                                         **owner)
    receiver.expect(path, sub.secret)
    return sub
