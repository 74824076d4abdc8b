"""HTTP caching of public reads: an ETag (a 304 when the browser's copy is current) and a short ``Cache-Control``.

Only views decorated with ``cacheable`` take part, only for a 200 answer to a GET or HEAD, and never a page marked
private (``security.mark_private``: a person's data, staff pages, which stay ``no-store``). A shared cache (a proxy,
a CDN) may keep an answer only when it is the same for every anonymous visitor: when the answer is tied to this
browser's session, it is sent ``private, no-cache`` (the browser alone keeps it and asks again each time). Tied to
the session means: the session changed while answering (a CSRF token was created for a form on the page, a
``?lang=`` choice was remembered: the answer sets a cookie), a CSRF token was put in the page, or a staff member is
signed in. The language comes from ``?lang=`` (in the URL) or the session cookie, never from ``Accept-Language``:
the answers vary on ``Cookie``.

The ETag is a digest of the body: a 304 saves the transfer, not the work of building the page (the expensive parts
are cached apart: slot_cache, the locator's snapshot, the pages' fragments).
"""
from __future__ import annotations

import functools

from flask import Flask, Response, request, session

from bookingsite.core.security import PRIVATE

MAX_AGE = "bookingsite.max_age"  # request.environ key: how long (seconds) this answer may be kept
PAGE_S = 60  # pages and answers built from the directory and the slots
REFERENCE_S = 3600  # reference data (communes, appointment types): changes with a release or a directory import
REVALIDATE = 0  # kept, but checked with the server before each use (free slots: a taken slot must not linger)
READS = frozenset({"GET", "HEAD"})
STAFF_KEY = "_user_id"  # Flask-Login's session key: a signed-in staff member
CSRF_IN_PAGE = "bookingsite.csrf_in_page"  # request.environ key: the page holds this session's CSRF token


def cacheable(max_age: int = PAGE_S):
    """Decorate a view whose answer depends only on its URL (and the language): cache it for ``max_age`` seconds."""
    def decorate(view):
        @functools.wraps(view)
        def marked(*args, **kwargs):
            request.environ[MAX_AGE] = max_age
            return view(*args, **kwargs)

        return marked

    return decorate


def tied_to_session(response: Response) -> bool:
    """Whether this answer belongs to this browser's session (see the module's docstring)."""
    return (session.modified or bool(request.environ.get(CSRF_IN_PAGE)) or STAFF_KEY in session
            or "Set-Cookie" in response.headers)


def cache_headers(response: Response) -> Response:
    """Add the validator and the caching policy to a cacheable answer; answer 304 to a matching If-None-Match."""
    max_age = request.environ.get(MAX_AGE)
    if (max_age is None or request.environ.get(PRIVATE) or request.method not in READS
            or response.status_code != 200 or response.is_streamed):
        return response
    control = response.cache_control
    if tied_to_session(response):
        control.private, control.no_cache = True, True
    else:
        control.public = True
        if max_age == REVALIDATE:
            control.no_cache = True
        else:
            control.max_age = max_age
    response.vary.add("Cookie")
    response.add_etag()
    # werkzeug's conditional answer also reads Range and dates; without a validator to compare it changes nothing.
    return response.make_conditional(request) if "If-None-Match" in request.headers else response


def init_app(app: Flask) -> None:
    """Register the after-request hook; note every page that puts a CSRF token in a form (call after CSRFProtect)."""
    make_token = app.jinja_env.globals["csrf_token"]

    def csrf_token() -> str:
        # On the request, not ``g``: an app context (and its ``g``) can outlive one request (tests, CLI).
        request.environ[CSRF_IN_PAGE] = True
        return make_token()

    app.jinja_env.globals["csrf_token"] = csrf_token
    app.after_request(cache_headers)
