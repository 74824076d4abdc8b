"""Security headers on every response; widget pages widen ``frame-ancestors`` to a partner's origins only."""
from __future__ import annotations

from flask import Flask, g, request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
       "frame-ancestors {ancestors}")


def allow_framing(origins: list[str]) -> None:
    """Let this response be framed by these origins only (the partner widget)."""
    g.frame_ancestors = [o for o in origins if o]


def init_app(app: Flask) -> None:
    """Register the after-request hook that sets the headers."""

    @app.after_request
    def set_security_headers(response):
        ancestors = getattr(g, "frame_ancestors", None)
        response.headers["Content-Security-Policy"] = CSP.format(
            ancestors=" ".join(ancestors) if ancestors else "'none'")
        if not ancestors:
            response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "geolocation=(self), camera=(), microphone=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        return response
