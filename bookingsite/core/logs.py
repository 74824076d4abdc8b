"""Request IDs and one structured log line per request, without personal data (no query strings, no bodies)."""
from __future__ import annotations

import json
import logging
import time
import uuid

from flask import Flask, g, request

logger = logging.getLogger("bookingsite.access")


def init_app(app: Flask) -> None:
    """Give each request an ID (echoed in ``X-Request-Id``) and log method, route, status and duration."""
    site_logger = logging.getLogger("bookingsite")
    site_logger.setLevel(app.config["BOOKINGSITE_LOG_LEVEL"])
    if not site_logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        site_logger.addHandler(handler)

    @app.before_request
    def start_timer():
        incoming = request.headers.get("X-Request-Id", "")
        # Accept a load balancer's ID only if it looks like one; never log arbitrary client text.
        g.request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def log_request(response):
        response.headers["X-Request-Id"] = g.get("request_id", "")
        if not logger.isEnabledFor(logging.INFO):  # production runs at WARNING: skip building the line
            return response
        rule = request.url_rule.rule if request.url_rule else "<unmatched>"
        logger.info(json.dumps({
            "request_id": g.get("request_id"), "method": request.method, "route": rule,
            "status": response.status_code,
            "ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1),
        }))
        return response
