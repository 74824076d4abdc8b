"""The outbound guard (feeds, webhooks): which addresses, which URLs, TLS to a pinned address, other methods."""
from __future__ import annotations

import base64
import hashlib
import ipaddress
import ssl
from importlib import metadata
from pathlib import Path

import pytest
import trustme
import urllib3
from packaging.requirements import Requirement
from pytest_httpserver import HTTPServer

from bookingsite.core import outbound
from bookingsite.core.outbound import (
    BadURL,
    ConnectionFailed,
    PrivateAddress,
    address_allowed,
    check_public_url,
    guarded_request,
)
from tests.net_helpers import PUBLIC


@pytest.mark.parametrize(("address", "allow_private", "allowed"), [
    ("93.184.216.34", False, True),     # a public server
    ("127.0.0.1", False, False),        # loopback
    ("127.0.0.1", True, True),          # loopback, allowed for the demo and tests
    ("10.0.0.5", False, False),         # RFC 1918
    ("192.168.1.10", True, True),       # RFC 1918, allowed
    ("169.254.169.254", True, False),   # link-local: cloud metadata, never
    ("::1", False, False),              # IPv6 loopback
    ("::ffff:10.0.0.1", False, False),  # IPv4-mapped private
    ("::ffff:127.0.0.1", False, False),  # IPv4-mapped loopback (not "loopback" to Python 3.11's ipaddress)
    ("::ffff:169.254.169.254", True, False),  # IPv4-mapped cloud metadata, never
    ("::ffff:93.184.216.34", False, True),  # IPv4-mapped public
    ("64:ff9b::a00:1", False, False),   # NAT64 of 10.0.0.1: Python calls it global
    ("64:ff9b::a9fe:a9fe", True, False),  # NAT64 of 169.254.169.254, never
    ("64:ff9b::5db8:d822", False, True),  # NAT64 of a public server (DNS64 networks)
    ("64:ff9b:1::a00:1", True, False),  # local-use NAT64 prefix: no standard embedding, never
    ("2002:7f00:1::1", True, False),    # 6to4 of 127.0.0.1: a relay would reach it; Python calls it global
    ("2002:5db8:d822::1", False, False),  # 6to4 even of a public address: deprecated, never
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", True, False),  # Teredo, never
    ("fe80::1", True, False),           # IPv6 link-local, never
    ("fc00::1", False, False),          # IPv6 unique local
    ("0.0.0.0", True, False),           # unspecified, never
    ("100.64.0.1", False, False),       # carrier-grade NAT: not global
    ("2606:4700::1111", False, True),   # a public IPv6 server
])
def test_address_policy(address, allow_private, allowed):
    assert address_allowed(ipaddress.ip_address(address), allow_private) is allowed


@pytest.mark.parametrize(("url", "host", "port", "path"), [
    ("https://calendar.example/a.ics?k=1#f", "calendar.example", 443, "/a.ics?k=1"),  # default port, no fragment
    ("webcal://calendar.example/a.ics", "calendar.example", 443, "/a.ics"),  # calendar apps' way to say https
    ("HTTP://Calendar.EXAMPLE:8080", "calendar.example", 8080, "/"),  # case, an explicit port, no path
    ("http://calendar.example/name@x.fr/a.ics", "calendar.example", 80, "/name@x.fr/a.ics"),  # @ in the path
])
def test_check_pins_the_address_it_checked(url, host, port, path, public_dns):
    public_dns[0]["calendar.example"] = [PUBLIC]
    target = check_public_url(url)
    assert (target.host, target.port, target.address, target.path) == (host, port, PUBLIC, path)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000\\@calendar.example/a.ics",  # two readings of the host
    "https://calendar.example:99999/a.ics",  # no such port
    "https://calendar.example:0/a.ics",  # port 0
    "gopher://calendar.example/",  # another scheme
    "http:///a.ics",  # no host
])
def test_check_refuses_unreadable_urls(url, public_dns):
    public_dns[0]["calendar.example"] = [PUBLIC]
    with pytest.raises(BadURL):
        check_public_url(url)


def test_check_refuses_a_name_with_any_private_address(public_dns):
    # A name with a public and a private address: the connection could go to either, so it is refused.
    public_dns[0]["mixed.example"] = [(PUBLIC, "10.0.0.1")]
    with pytest.raises(PrivateAddress):
        check_public_url("http://mixed.example/")


@pytest.fixture
def tls_server(monkeypatch):
    """A real HTTPS server on loopback whose certificate names calendar.example only, from a CA of the test's own."""
    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("calendar.example").configure_cert(context)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    with authority.cert_pem.tempfile() as bundle:
        monkeypatch.setattr(outbound, "CA_BUNDLE", bundle)
        yield server
    server.clear()
    if server.is_running():
        server.stop()


def test_https_to_the_pinned_address_checks_the_certificate_against_the_name(tls_server, public_dns):
    # The connection goes to 127.0.0.1, yet SNI, the certificate check and the Host header all use the name.
    public_dns[0]["calendar.example"] = ["127.0.0.1"]
    tls_server.expect_request("/a.ics").respond_with_data("BEGIN:VCALENDAR")
    reply = guarded_request("GET", f"https://calendar.example:{tls_server.port}/a.ics", allow_private=True)
    assert reply.status == 200 and reply.data == b"BEGIN:VCALENDAR"
    assert tls_server.log[0][0].headers["Host"] == f"calendar.example:{tls_server.port}"


def test_https_with_a_certificate_for_another_name_is_refused(tls_server, public_dns):
    public_dns[0]["other.example"] = ["127.0.0.1"]
    tls_server.expect_request("/a.ics").respond_with_data("BEGIN:VCALENDAR")
    with pytest.raises(ConnectionFailed) as caught:
        guarded_request("GET", f"https://other.example:{tls_server.port}/a.ics", allow_private=True)
    assert "certificate" in caught.value.reason and len(tls_server.log) == 0


def test_a_webhook_post_sends_its_body_and_does_not_follow_a_redirect(httpserver):
    httpserver.expect_request("/hook", method="POST", data=b'{"event":"booking.created"}').respond_with_data(
        "", status=307, headers={"Location": "http://169.254.169.254/"})
    reply = guarded_request("POST", httpserver.url_for("/hook"), body=b'{"event":"booking.created"}',
                            headers={"Content-Type": "application/json"}, timeout=1.0, allow_private=True)
    assert reply.status == 307 and reply.data is None and len(httpserver.log) == 1


def test_the_guard_runs_on_the_urllib3_the_project_declares():
    """Issue 14 (low): caldav 2's niquests brings urllib3-future, whose start-up hook rewrites urllib3's files; caldav is
    held below 2 (pyproject.toml), so the urllib3 imported is the declared release, its files as installed."""
    for fork in ("urllib3-future", "niquests"):
        with pytest.raises(metadata.PackageNotFoundError):
            metadata.distribution(fork)
    declared = {r.name: r for r in map(Requirement, metadata.requires("bookingsite"))}
    assert declared["urllib3"].specifier.contains(urllib3.__version__), (urllib3.__version__, declared["urllib3"])
    assert not declared["caldav"].specifier.contains("2.0")
    assert metadata.version("urllib3") == urllib3.__version__
    recorded = {str(f): f for f in metadata.files("urllib3") if f.hash is not None}
    for module in (urllib3, urllib3.connectionpool):
        relative = "urllib3/" + module.__file__.rsplit("/urllib3/", 1)[1]
        digest = base64.urlsafe_b64encode(hashlib.sha256(Path(module.__file__).read_bytes()).digest()).rstrip(b"=")
        assert digest.decode() == recorded[relative].hash.value, relative  # not rewritten by another package
