"""Error pages in the site's style, and JSON errors under /api/: never a stack trace or SQL."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger("bookingsite.errors")


def json_error(status: int, code: str, message: str, field: str | None = None, **extra):
    """The API's error shape: ``{"error": {"code", "message", "field"?}}`` (+ extra members) with a 4xx/5xx status."""
    body: dict = {"error": {"code": code, "message": message}}
    if field:
        body["error"]["field"] = field  # the parameter or body member at fault
    body.update(extra)
    return jsonify(body), status


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood. Please check what you typed.")),
        403: (_("Access refused"), _("You are not allowed to see this page.")),
        404: (_("Page not found"), _("This page does not exist or has moved.")),
        405: (_("Method not allowed"), _("This address does not accept this kind of request.")),
        413: (_("Too large"), _("What you sent is too large.")),
        429: (_("Too many requests"), _("You have made too many requests. Please wait a minute and try again.")),
        500: (_("Something went wrong"), _("An error occurred on our side. Please try again in a moment.")),
    }


def render_error(status: int, code: str | None = None, detail: str | None = None):
    """An HTML error page, or the JSON error for API calls."""
    title, message = _messages().get(status, _messages()[500 if status >= 500 else 400])
    if _wants_json():
        return json_error(status, code or title.lower().replace(" ", "_"), detail or message)
    return render_template("core/error.html", status=status, title=title, message=detail or message), status


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_error(400, "csrf", _("Your form has expired. Please go back, reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = {404: "not_found", 405: "method_not_allowed", 429: "rate_limited", 413: "too_large"}
        response = make_response(render_error(exc.code or 500, code.get(exc.code or 500)))
        # The exception's own headers say what the page cannot: a 405's Allow (RFC 9110), a 429's Retry-After.
        response.headers.extend((name, value) for name, value in exc.get_headers() if name.lower() != "content-type")
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error")  # the trace goes to the log, never to the person
        return render_error(500, "internal_error")
