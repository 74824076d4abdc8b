"""Fetch an operator's feed over HTTP(S): timeouts and one deadline, conditional GET, size cap, checked redirects,
no private network (through ``bookingsite.core.outbound``, which owns every rule about where we may connect).

An adapter: the only module of the feature that talks to the network for availability.
"""
from __future__ import annotations

from dataclasses import dataclass

from bookingsite.availability.feeds import FeedError
from bookingsite.core import outbound

USER_AGENT = "bookingsite-feeds/1.0"
# What fetch_feed raises: each has a stable ``code`` and a plain ``reason``, stored on the snapshot.
FETCH_ERRORS = (FeedError, outbound.OutboundError)


class HTTPStatus(FeedError):
    """The server answered, with an error status."""

    code = "http_status"

    def __init__(self, reason: str, status: int):
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class FetchResult:
    """A 200 with the body and its validators, or a 304 (``not_modified``) with no body."""

    not_modified: bool
    data: bytes | None
    etag: str | None
    last_modified: str | None
    url: str
    content_type: str | None = None


def fetch_feed(url: str, etag: str | None = None, last_modified: str | None = None, timeout: float = 5.0,
               max_bytes: int = 5_000_000, allow_private: bool = False, max_redirects: int = 3,
               deadline: float | None = None) -> FetchResult:
    """GET a feed within ``deadline`` seconds (3 × timeout by default, redirects included); each hop is checked.

    Raises ``HTTPStatus`` or an ``outbound.OutboundError`` subclass, saying why in plain words.
    """
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, text/plain;q=0.5, */*;q=0.1",
               "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    reply = outbound.guarded_request("GET", url, headers=headers, timeout=timeout, deadline=deadline,
                                     max_bytes=max_bytes, max_redirects=max_redirects, allow_private=allow_private)
    etag, modified = reply.headers.get("ETag"), reply.headers.get("Last-Modified")
    if reply.status == 304:
        return FetchResult(True, None, etag, modified, reply.url)
    if not 200 <= reply.status < 300:
        raise HTTPStatus(f"the server answered {reply.status} {reply.reason}".strip(), reply.status)
    return FetchResult(False, reply.data, etag, modified, reply.url, reply.headers.get("Content-Type"))
