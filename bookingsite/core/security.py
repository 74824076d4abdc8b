"""Security headers on every response; widget pages widen ``frame-ancestors`` to a partner's origins only.

Behind a reverse proxy that terminates HTTPS, set ``BOOKINGSITE_TRUSTED_PROXIES`` to the number of proxies in front
of the app: werkzeug's ProxyFix then trusts that many ``X-Forwarded-For``/``X-Forwarded-Proto`` hops (client address
for rate limits, scheme for HSTS). It is off by default, because trusting these headers without a proxy would let
any client choose its own address and dodge the rate limits.
"""
from __future__ import annotations

import functools

from flask import Blueprint, Flask, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from bookingsite.extensions import current_settings

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
       "frame-ancestors {ancestors}")

FRAME_ANCESTORS = "bookingsite.frame_ancestors"  # request.environ key: the origins that may frame this response


def allow_framing(origins: list[str]) -> None:
    """Let this response be framed by these origins only (the partner widget)."""
    request.environ[FRAME_ANCESTORS] = [o for o in origins if o]  # on the request, not ``g``: see mark_private


PRIVATE = "bookingsite.private"  # request.environ key: this response shows a person's data (or is a staff page)


def mark_private() -> None:
    """Have this response sent ``Cache-Control: no-store``: no browser, proxy or back button keeps a copy."""
    # On the request, never on ``g``: an app context (and its ``g``) can outlive one request (tests, CLI), and a
    # flag left there marked the next, public, page.
    request.environ[PRIVATE] = True


def private(view):
    """Decorate a view whose pages show a person's data (confirmation, manage, person pages)."""
    @functools.wraps(view)
    def marked(*args, **kwargs):
        mark_private()
        return view(*args, **kwargs)

    return marked


def private_blueprint(bp: Blueprint) -> None:
    """Every page of the blueprint shows a person's data or is a staff page (agent desk, questionnaire, login)."""
    bp.before_request(mark_private)


def _https() -> bool:
    """HTTPS as the browser sees it: this request, or a site published only over HTTPS (TLS at the proxy)."""
    return request.is_secure or current_settings().base_url.startswith("https://")


# The same on every response: one list added at once (``Headers.set`` scans the list for each name).
CONSTANT_HEADERS = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"),
                    ("Permissions-Policy", "geolocation=(self), camera=(), microphone=()"),
                    ("Cross-Origin-Opener-Policy", "same-origin"))
NOT_FRAMED = (("Content-Security-Policy", CSP.format(ancestors="'none'")), ("X-Frame-Options", "DENY"))
HSTS = ("Strict-Transport-Security", "max-age=63072000; includeSubDomains")


class SessionCookie(SecureCookieSessionInterface):
    """Flask's signed-cookie session, without building the signer for a request that brings no cookie."""

    def open_session(self, app: Flask, request):
        if not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()  # nothing to verify: a new, empty session
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    """Trust the configured proxies, and register the after-request hook that sets the headers."""
    proxies = int(app.config.get("BOOKINGSITE_TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.session_interface = SessionCookie()

    @app.after_request
    def set_security_headers(response):
        ancestors = request.environ.get(FRAME_ANCESTORS)
        headers = [*CONSTANT_HEADERS, *(
            [("Content-Security-Policy", CSP.format(ancestors=" ".join(ancestors)))] if ancestors else NOT_FRAMED)]
        if _https():  # browsers ignore HSTS received over plain HTTP, so the published scheme is enough
            headers.append(HSTS)
        response.headers.extend(headers)
        if request.environ.get(PRIVATE):  # a shared computer's back button or a proxy must not show it again
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"  # HTTP/1.0 caches
        return response
