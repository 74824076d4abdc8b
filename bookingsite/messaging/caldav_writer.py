"""Writing bookings into an operator's CalDAV calendar (adapter): PUT one resource per booking, DELETE on cancel.

The resource is ``<agenda.caldav_url>/<uid>.ics``: the same UID for the booking's whole life, so an update
replaces the event instead of adding one. Creation sends ``If-None-Match: *`` (never overwrite an event we do not
own); a 412 there means our own earlier attempt got through, and the event is then written again unconditionally.
Credentials, when the server wants them, ride in the URL (``https://user:password@host/…``) and are never logged.
Every call has a timeout; a failure raises ``CalDavError`` and the booking stays confirmed (the job retries).
"""
from __future__ import annotations

import logging
from urllib.parse import quote, urlsplit, urlunsplit

import caldav

log = logging.getLogger("bookingsite.booking.caldav")


class CalDavError(Exception):
    """The CalDAV server refused the change or could not be reached."""


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """The URL without its user:password part, and that user and password (None when absent)."""
    parts = urlsplit(url)
    if not parts.username:
        return url, None, None
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment)), parts.username, parts.password


def resource_url(collection_url: str, uid: str) -> str:
    """Where the event of this UID lives in the collection (credentials removed)."""
    base, _user, _password = split_credentials(collection_url)
    return f"{base.rstrip('/')}/{quote(uid, safe='@-._')}.ics"


class CalDavWriter:
    """A client for one collection (an agenda's calendar)."""

    def __init__(self, collection_url: str, timeout: float = 10.0):
        self.collection_url = collection_url
        base, user, password = split_credentials(collection_url)
        self.client = caldav.DAVClient(url=base, username=user, password=password, timeout=timeout)

    def put(self, uid: str, ics: bytes, create: bool) -> str:
        """Create (``create=True``) or replace the event; its URL."""
        href = resource_url(self.collection_url, uid)
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        status = self._call("PUT", href, ics, {**headers, "If-None-Match": "*"} if create else headers)
        if create and status == 412:
            status = self._call("PUT", href, ics, headers)
        if not 200 <= status < 300:
            raise CalDavError(f"the calendar server answered {status} to PUT")
        return href

    def delete(self, href: str) -> None:
        """Remove the event; already gone (404) is fine."""
        status = self._call("DELETE", href, b"", {})
        if not (200 <= status < 300 or status in (404, 410)):
            raise CalDavError(f"the calendar server answered {status} to DELETE")

    def _call(self, method: str, href: str, body: bytes, headers: dict) -> int:
        try:
            return self.client.request(href, method, body, headers).status
        except Exception as exc:
            log.warning("caldav %s failed: %s", method, type(exc).__name__)
            raise CalDavError(f"{type(exc).__name__}: {_clean(str(exc))}") from exc


def _clean(message: str) -> str:
    """An error text without any URL credentials, short enough for the operators' view."""
    words = [split_credentials(w)[0] if "://" in w else w for w in message.split()]
    return " ".join(words)[:300]
