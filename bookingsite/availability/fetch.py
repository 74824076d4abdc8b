"""Fetch an operator's feed over HTTP(S): timeouts, conditional GET, size cap, checked redirects, no private network.

An adapter: the only module of the feature that talks to the network for availability.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests

from bookingsite.availability.feeds import FeedError

USER_AGENT = "bookingsite-feeds/1.0"
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024


class FetchError(FeedError):
    """The feed could not be downloaded."""

    code = "fetch"


class BadURL(FetchError):
    code = "bad_url"


class PrivateAddress(FetchError):
    code = "private_address"


class NameNotResolved(FetchError):
    code = "dns"


class FetchTimeout(FetchError):
    code = "timeout"


class ConnectionFailed(FetchError):
    code = "connection"


class HTTPStatus(FetchError):
    code = "http_status"

    def __init__(self, reason: str, status: int):
        super().__init__(reason)
        self.status = status


class TooLarge(FetchError):
    code = "too_large"


class TooManyRedirects(FetchError):
    code = "redirects"


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
               session: requests.Session | None = None) -> FetchResult:
    """GET a feed; each redirect hop is checked again. Raises a ``FetchError`` subclass saying why in plain words."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, text/plain;q=0.5, */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    http = session or requests.Session()
    http.trust_env = False  # a proxy from the environment would bypass the address checks
    deadline = time.monotonic() + 3 * timeout  # a server dripping one byte per read must not hold the job forever
    try:
        current = _normalise(url)
        for _hop in range(max_redirects + 1):
            check_address(current, allow_private)
            response = _get(http, current, headers, timeout)
            if response.status_code in REDIRECTS and response.headers.get("Location"):
                response.close()
                current = _normalise(urljoin(current, response.headers["Location"]))
                continue
            return _read(response, current, max_bytes, deadline)
        raise TooManyRedirects(f"more than {max_redirects} redirections")
    finally:
        if session is None:
            http.close()


def _normalise(url: str) -> str:
    """Only http and https (webcal:// is how calendar apps write https://)."""
    url = (url or "").strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://"):]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadURL(f"the address must start with http:// or https:// ({url[:80]!r})")
    return url


def check_address(url: str, allow_private: bool) -> None:
    """Resolve the host and refuse it if any address is loopback, private, link-local or otherwise not public."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise NameNotResolved(f"the server name {parts.hostname!r} cannot be found") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address_allowed(address, allow_private):
            raise PrivateAddress(f"the address {parts.hostname} points to a private or local network ({address}); "
                                 "only public servers are allowed")


def address_allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_private: bool) -> bool:
    """Public addresses always; loopback and private ranges only when the directory entry allows them.

    Link-local (cloud metadata at 169.254.169.254), multicast, reserved and unspecified addresses never are.
    """
    mapped = getattr(address, "ipv4_mapped", None)
    address = mapped or address
    if address.is_link_local or address.is_multicast or address.is_unspecified or address.is_reserved:
        return False
    if address.is_loopback or address.is_private or not address.is_global:
        return allow_private
    return True


def _get(http: requests.Session, url: str, headers: dict, timeout: float) -> requests.Response:
    try:
        return http.get(url, headers=headers, timeout=(timeout, timeout), stream=True, allow_redirects=False)
    except requests.exceptions.Timeout as exc:
        raise FetchTimeout(f"the server did not answer within {timeout:g} seconds") from exc
    except requests.exceptions.SSLError as exc:
        raise ConnectionFailed("the server's HTTPS certificate is not valid") from exc
    except requests.exceptions.RequestException as exc:
        raise ConnectionFailed("the server cannot be reached") from exc


def _read(response: requests.Response, url: str, max_bytes: int, deadline: float) -> FetchResult:
    """The body, streamed and capped (decompressed size counts), or the 304."""
    with response:
        etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        if response.status_code == 304:
            return FetchResult(True, None, etag, modified, url)
        if not 200 <= response.status_code < 300:
            raise HTTPStatus(f"the server answered {response.status_code} {response.reason or ''}".strip(),
                             response.status_code)
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise TooLarge(f"the calendar is larger than the limit of {max_bytes} bytes")
        body = bytearray()
        try:
            for chunk in response.iter_content(CHUNK):
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise TooLarge(f"the calendar is larger than the limit of {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchTimeout("the server is sending the calendar too slowly")
        except requests.exceptions.RequestException as exc:
            raise FetchTimeout("the download was interrupted or too slow") from exc
        return FetchResult(False, bytes(body), etag, modified, url, response.headers.get("Content-Type"))
