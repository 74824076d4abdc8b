"""Outgoing HTTP to addresses people type (operators' calendar feeds, partners' webhooks): public servers only.

Each rule closes a way around the address check (issue 14):

- one parser: the URL is read by urllib3's ``parse_url`` and the connection is built from that very result, so the
  host checked is the host connected to (``http://127.0.0.1\\@public.example`` read two ways was a bypass);
  backslashes, control characters and ``user:password@`` are refused outright;
- the address checked is the address connected to: the name is resolved once, every address it has must be
  public, and the connection goes to that IP (the Host header, SNI and the certificate check still use the name),
  so a second DNS answer (rebinding) is never asked for;
- one hard deadline for the whole exchange (connect, TLS, headers, body, every redirect): a watchdog shuts the
  socket down when it passes, because socket timeouts only bound each read and a server can drip a byte per read.

``check_public_url``, ``guarded_request`` and ``check_url_form`` (the form alone) are the public entry points;
error texts never name an IP address.
"""
from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

import certifi
import urllib3.exceptions as u3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.util import parse_url
from urllib3.util.ssl_match_hostname import CertificateError

REDIRECTS = {301, 302, 303, 307, 308}
CA_BUNDLE = certifi.where()  # the authorities requests trusts; tests point it at their own
CHUNK = 64 * 1024
AUTHORITY = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#]*)")
# Deprecated tunnels that carry an IPv4 address inside an IPv6 one: a relay would connect to whatever IPv4 that is.
TUNNELS = (ipaddress.ip_network("2002::/16"), ipaddress.ip_network("2001::/32"),
           ipaddress.ip_network("64:ff9b:1::/48"))
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # DNS64 networks reach public IPv4 servers this way: judge the IPv4


class OutboundError(Exception):
    """The call could not be made or finished; ``code`` is stable, ``reason`` says why in plain words."""

    code = "connection"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class BadURL(OutboundError):
    code = "bad_url"


class PrivateAddress(OutboundError):
    code = "private_address"


class NameNotResolved(OutboundError):
    code = "dns"


class Timeout(OutboundError):
    code = "timeout"


class ConnectionFailed(OutboundError):
    code = "connection"


class TooLarge(OutboundError):
    code = "too_large"


class TooManyRedirects(OutboundError):
    code = "redirects"


@dataclass(frozen=True)
class PinnedTarget:
    """A checked URL: connect to ``address`` only; ``host`` goes in the Host header, the SNI and the cert check."""

    scheme: str
    host: str  # IPv6 literals without their brackets
    port: int
    address: str  # the IP that was checked
    path: str  # the request target: path and query
    url: str

    @property
    def host_header(self) -> str:
        """``host[:port]`` as the server expects it (the port only when it is not the scheme's default)."""
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == (443 if self.scheme == "https" else 80) else f"{name}:{self.port}"


@dataclass(frozen=True)
class Reply:
    """The server's answer; ``data`` is the (capped) body of a 2xx answer, None for any other status."""

    status: int
    reason: str
    headers: Mapping[str, str]
    data: bytes | None
    url: str


def check_public_url(url: str, allow_private: bool = False) -> PinnedTarget:
    """Read the URL as the connection will, resolve its host once, refuse it unless every address is allowed."""
    parts = _parse(url)
    host = parts.host.strip("[]")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as exc:
        raise NameNotResolved(f"the server name {host[:80]!r} cannot be found") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not addresses or not all(address_allowed(address, allow_private) for address in addresses):
        raise PrivateAddress("the address points to a private or local network; only public servers are allowed")
    return PinnedTarget(parts.scheme, host, port, str(addresses[0]), parts.request_uri, parts.url)


def check_url_form(url: str) -> str:
    """The URL as the guard reads it (http or https, no backslash, no user info); BadURL otherwise. No DNS."""
    return _parse(url).url


def _parse(url: str):
    """http(s) only (``webcal://`` is how calendar apps write ``https://``), no backslash, no user info."""
    url = (url or "").strip()
    if url[:9].lower() == "webcal://":
        url = "https://" + url[9:]
    # Parsers disagree on where a backslash ends the host, and on control characters: no reading of them is safe.
    if "\\" in url or any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise BadURL("the address contains a backslash, a space or a control character")
    try:
        parts = parse_url(url)
    except u3.LocationParseError:
        raise BadURL("the address cannot be read as a web address") from None
    if parts.scheme not in ("http", "https") or not parts.host:
        raise BadURL("the address must start with http:// or https://")
    authority = AUTHORITY.match(url)
    if parts.auth is not None or (authority and "@" in authority.group(1)):
        raise BadURL("the address must not contain a user name or password")
    if parts.port == 0:
        raise BadURL("the address names port 0")
    return parts


def address_allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_private: bool) -> bool:
    """Public addresses always; loopback and private ranges only when the entry allows them.

    Link-local (cloud metadata at 169.254.169.254), multicast, reserved, unspecified addresses and 6to4 or Teredo
    tunnels never are; an IPv4-mapped or NAT64 address is judged by the IPv4 address it carries.
    """
    if address.version == 6:
        if any(address in tunnel for tunnel in TUNNELS):
            return False
        embedded = address.ipv4_mapped or (ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) if address in NAT64
                                           else None)
        if embedded is not None:
            return address_allowed(embedded, allow_private)
    if address.is_link_local or address.is_multicast or address.is_unspecified or address.is_reserved:
        return False
    if address.is_loopback or address.is_private or not address.is_global:
        return allow_private
    return True


def guarded_request(method: str, url: str, *, headers: Mapping[str, str] | None = None, body: bytes | None = None,
                    timeout: float = 5.0, deadline: float | None = None, max_bytes: int = 5_000_000,
                    max_redirects: int = 0, allow_private: bool = False) -> Reply:
    """One call to a public server: each redirect (GET/HEAD only) checked again, all within ``deadline`` seconds.

    ``timeout`` bounds each wait for the server; ``deadline`` (3 × timeout unless given) the whole exchange.
    Raises an ``OutboundError`` subclass; any status is returned, a 2xx one with its body.
    """
    watchdog = _Watchdog(deadline if deadline is not None else 3 * timeout)
    try:
        current = url
        for _hop in range(max_redirects + 1):
            target = check_public_url(current, allow_private)
            reply = _exchange(method, target, dict(headers or {}), body, timeout, max_bytes, watchdog)
            location = reply.headers.get("Location")
            if reply.status not in REDIRECTS or not location or method not in ("GET", "HEAD"):
                return reply
            current = urljoin(target.url, location)
        raise TooManyRedirects(f"more than {max_redirects} redirections")
    finally:
        watchdog.stop()


def _exchange(method: str, target: PinnedTarget, headers: dict, body: bytes | None, timeout: float,
              max_bytes: int, watchdog: _Watchdog) -> Reply:
    if watchdog.fired:
        raise Timeout(f"the server did not finish answering within {watchdog.limit:g} seconds")
    connection = _connect(target, min(timeout, max(watchdog.remaining(), 0.01)), watchdog)
    try:
        connection.request(method, target.path, body=body, headers={**headers, "Host": target.host_header},
                           preload_content=False)
        response = connection.getresponse()
        data = _read(response, max_bytes) if 200 <= response.status < 300 and method != "HEAD" else None
        if watchdog.fired:  # a shut socket can look like the natural end of a body without a length
            raise Timeout(f"the server did not finish answering within {watchdog.limit:g} seconds")
        return Reply(response.status, response.reason or "", response.headers, data, target.url)
    except (OSError, ValueError, http.client.HTTPException, u3.HTTPError) as exc:
        raise _plain(exc, timeout, watchdog) from exc
    finally:
        connection.close()
        watchdog.release()


def _read(response, max_bytes: int) -> bytes:
    """The body, streamed and capped (its decompressed size counts)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"the answer is larger than the limit of {max_bytes} bytes")
    body = bytearray()
    for chunk in response.stream(CHUNK, decode_content=True):
        body.extend(chunk)
        if len(body) > max_bytes:
            raise TooLarge(f"the answer is larger than the limit of {max_bytes} bytes")
    return bytes(body)


def _plain(exc: Exception, timeout: float, watchdog: _Watchdog) -> OutboundError:
    """The library's error in plain words, without the address it connected to."""
    if watchdog.fired:
        return Timeout(f"the server did not finish answering within {watchdog.limit:g} seconds")
    if isinstance(exc, ssl.SSLError | u3.SSLError | CertificateError):
        return ConnectionFailed("the server's HTTPS certificate is not valid")
    if isinstance(exc, TimeoutError | u3.TimeoutError) and not isinstance(exc, u3.NewConnectionError):
        return Timeout(f"the server did not answer within {timeout:g} seconds")
    return ConnectionFailed("the server cannot be reached")


class _Watchdog:
    """Shuts the exchange's socket down once ``limit`` seconds have passed, whatever it is waiting for."""

    def __init__(self, limit: float):
        self.limit, self.fired = limit, False
        self._end = time.monotonic() + limit
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(limit, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        """Seconds left before the deadline."""
        return self._end - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        """Keep a duplicate of the descriptor: TLS wrapping detaches the original socket object, and shutdown()
        acts on the connection whichever descriptor names it."""
        with self._lock:
            self._sockets.append(sock.dup())
            if self.fired:
                _shut(self._sockets[-1])

    def release(self) -> None:
        """Close the duplicates (the connection itself is closed by its owner)."""
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()

    def stop(self) -> None:
        """The exchange is over."""
        self._timer.cancel()
        self.release()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed by either side


class _Watched:
    """A urllib3 connection that hands its fresh socket to the watchdog before TLS or any byte is exchanged."""

    watchdog: _Watchdog

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        self.watchdog.watch(sock)
        return sock


class _HTTP(_Watched, HTTPConnection):
    pass


class _HTTPS(_Watched, HTTPSConnection):
    pass


def _connect(target: PinnedTarget, timeout: float, watchdog: _Watchdog) -> HTTPConnection:
    """A connection to the checked IP itself: urllib3 resolves nothing when given an address."""
    if target.scheme == "https":
        connection: HTTPConnection = _HTTPS(target.address, target.port, timeout=timeout, cert_reqs="CERT_REQUIRED",
                                            ca_certs=CA_BUNDLE, server_hostname=target.host,
                                            assert_hostname=target.host)
    else:
        connection = _HTTP(target.address, target.port, timeout=timeout)
    connection.watchdog = watchdog
    return connection
