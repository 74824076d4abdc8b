"""A shared cache in front of the app, in process memory: public answers served again without running the app.

The app already tells shared caches (a proxy, a CDN) which answers they may keep and for how long
(``http_cache``: ``Cache-Control: public, max-age=N``, ``Vary``). This middleware is such a cache, in the process, so
a site deployed without one still gets its benefit: the same anonymous request within a few seconds is answered
from memory, without the session, hooks, queries and templates. It follows the rules a shared cache follows
(RFC 9111), plus some of its own so nothing personal can be kept:

- only a GET or HEAD without ``Cookie``, ``Authorization``, an API key, a conditional or a range header;
- only a 200 that says ``public`` with a ``max-age`` above zero and sets no cookie; never ``Vary: *``;
- kept for ``BOOKINGSITE_ANSWER_CACHE_S`` seconds at most (and never beyond its ``max-age``), under the scheme,
  host, path, query string and every request header named in ``Vary`` (a HEAD is answered from the GET's copy);
- a served copy gets its own ``X-Request-Id`` and an ``Age``.

Answers that must never linger (free slots, ``no-cache``) and every page of a person or of staff (``no-store``,
``private``) pass through untouched. A cached answer costs nothing, so it is not counted against the rate limits,
as with a cache in front of the site.
"""
from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

ENTRIES = 1024  # per process
MAX_BODY = 512 * 1024  # bytes; larger answers are not kept
# Request headers that make an answer personal or conditional: such requests go to the app.
BYPASS = ("HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_X_API_KEY", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE",
          "HTTP_RANGE")
DROPPED = {"x-request-id", "age"}  # per answer: made anew for each copy served
access_log = logging.getLogger("bookingsite.access")


@dataclass(frozen=True)
class Entry:
    """One kept answer: its status line, headers and body, when it was kept and until when (monotonic seconds)."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes
    stored: float
    expires: float


class AnswerCache:
    """WSGI middleware: serve public answers from memory for a few seconds (see the module's docstring)."""

    def __init__(self, app, seconds: float, entries: int = ENTRIES, clock=time.monotonic):
        self.app, self.seconds, self.entries, self.clock = app, seconds, entries, clock
        self._vary: dict[tuple, tuple[str, ...]] = {}  # base key -> the request headers the answer varies on
        self._answers: OrderedDict[tuple, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        base = _base_key(environ)
        if base is None:
            return self.app(environ, start_response)
        key = self._full_key(base, environ)
        entry = self._fresh(key) if key is not None else None
        if entry is not None:
            return self._serve(entry, environ, start_response)
        return self._fill(base, environ, start_response)

    def _full_key(self, base: tuple, environ) -> tuple | None:
        names = self._vary.get(base)
        return None if names is None else _key(base, names, environ)

    def _fresh(self, key: tuple) -> Entry | None:
        with self._lock:
            entry = self._answers.get(key)
            if entry is None:
                return None
            if entry.expires <= self.clock():
                del self._answers[key]
                return None
            self._answers.move_to_end(key)
            return entry

    def _serve(self, entry: Entry, environ, start_response):
        age, request_id = int(self.clock() - entry.stored), _request_id(environ)
        start_response(entry.status, [*entry.headers, ("Age", str(age)), ("X-Request-Id", request_id)])
        if access_log.isEnabledFor(logging.INFO):  # the same line as ``logs`` writes, for a copy
            access_log.info(json.dumps({"request_id": request_id, "method": environ["REQUEST_METHOD"],
                                        "route": "(cached)", "status": int(entry.status[:3]), "ms": 0.0}))
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]

    def _fill(self, base: tuple, environ, start_response):
        """Run the app; keep its answer when it may be shared."""
        seen: list = []

        def recording_start_response(status, headers, exc_info=None):
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, recording_start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        if seen:
            self._keep(base, environ, seen[0], seen[1], body)
        return [body]

    def _keep(self, base: tuple, environ, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        lifetime = _shareable_for(status, headers, body)
        vary = _vary_names(headers)
        if lifetime is None or vary is None or environ["REQUEST_METHOD"] == "HEAD":
            return
        now = self.clock()
        kept = [(name, value) for name, value in headers if name.lower() not in DROPPED]
        entry = Entry(status, kept, body, now, now + min(lifetime, self.seconds))
        with self._lock:
            self._vary[base] = vary
            self._answers[_key(base, vary, environ)] = entry
            while len(self._answers) > self.entries:
                self._answers.popitem(last=False)
            if len(self._vary) > 4 * self.entries:  # bases of evicted answers: forget them all, they come back
                self._vary.clear()


def _key(base: tuple, vary: tuple[str, ...], environ) -> tuple:
    """An answer's key: the request's base key and its values of the headers the answer varies on."""
    return base, tuple(environ.get(name, "") for name in vary)


def _base_key(environ) -> tuple | None:
    """Method, scheme, host, path and query of a request the cache may answer; None for any other."""
    method = environ.get("REQUEST_METHOD")
    if method not in ("GET", "HEAD") or any(environ.get(name) for name in BYPASS):
        return None
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    # A HEAD is answered from the GET's copy (same headers, no body).
    return (environ.get("wsgi.url_scheme"), host, environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""))


def _shareable_for(status: str, headers: list[tuple[str, str]], body: bytes) -> int | None:
    """How long a shared cache may keep this answer (seconds), or None when it may not keep it at all."""
    if not status.startswith("200 ") or len(body) > MAX_BODY:
        return None
    directives: dict[str, str] = {}
    for name, value in headers:
        lowered = name.lower()
        if lowered == "set-cookie":
            return None
        if lowered == "cache-control":
            for part in value.split(","):
                directive, _, argument = part.strip().lower().partition("=")
                directives[directive] = argument
    if "public" not in directives or {"private", "no-store", "no-cache"} & directives.keys():
        return None
    max_age = directives.get("s-maxage") or directives.get("max-age") or ""
    return int(max_age) if max_age.isdigit() and int(max_age) > 0 else None


def _vary_names(headers: list[tuple[str, str]]) -> tuple[str, ...] | None:
    """The WSGI names of the request headers named in ``Vary`` (sorted), or None for ``Vary: *``."""
    names = set()
    for name, value in headers:
        if name.lower() == "vary":
            for field in value.split(","):
                field = field.strip()
                if field == "*":
                    return None
                if field:
                    names.add("HTTP_" + field.upper().replace("-", "_"))
    return tuple(sorted(names))


def _request_id(environ) -> str:
    """The load balancer's request ID when it looks like one (as ``logs`` accepts it), else a new one."""
    incoming = environ.get("HTTP_X_REQUEST_ID", "")
    return incoming if incoming.isalnum() and len(incoming) <= 64 else uuid.uuid4().hex


def init_app(app) -> None:
    """Put the cache in front of the app when ``BOOKINGSITE_ANSWER_CACHE_S`` is above zero (before ProxyFix wraps it)."""
    seconds = app.config["BOOKINGSITE_ANSWER_CACHE_S"]
    if seconds > 0:
        app.wsgi_app = AnswerCache(app.wsgi_app, seconds)
