"""The feed adapter against a real HTTP server on loopback (pytest-httpserver)."""
from __future__ import annotations

import ipaddress
import time
from datetime import UTC
from pathlib import Path

import pytest
from werkzeug import Response

from bookingsite.availability import fetch
from bookingsite.availability.fetch import (
    BadURL,
    FetchTimeout,
    HTTPStatus,
    NameNotResolved,
    PrivateAddress,
    TooLarge,
    TooManyRedirects,
    address_allowed,
    fetch_feed,
)

ICS = (Path(__file__).parent / "calendars" / "plain.ics").read_bytes()


def test_200_returns_body_and_validators(httpserver):
    httpserver.expect_request("/a.ics").respond_with_data(
        ICS, content_type="text/calendar", headers={"ETag": '"v1"', "Last-Modified": "Mon, 02 Mar 2026 08:00:00 GMT"})
    result = fetch_feed(httpserver.url_for("/a.ics"), allow_private=True)
    assert not result.not_modified and result.data == ICS
    assert result.etag == '"v1"' and result.last_modified == "Mon, 02 Mar 2026 08:00:00 GMT"


def test_304_with_etag_and_last_modified(httpserver):
    httpserver.expect_request(
        "/a.ics", headers={"If-None-Match": '"v1"', "If-Modified-Since": "Mon, 02 Mar 2026 08:00:00 GMT"},
    ).respond_with_data("", status=304, headers={"ETag": '"v1"'})
    result = fetch_feed(httpserver.url_for("/a.ics"), etag='"v1"', last_modified="Mon, 02 Mar 2026 08:00:00 GMT",
                        allow_private=True)
    assert result.not_modified and result.data is None and result.etag == '"v1"'


@pytest.mark.parametrize("status", [404, 500])
def test_error_status(httpserver, status):
    httpserver.expect_request("/a.ics").respond_with_data("nope", status=status)
    with pytest.raises(HTTPStatus) as caught:
        fetch_feed(httpserver.url_for("/a.ics"), allow_private=True)
    assert caught.value.status == status and str(status) in caught.value.reason


def test_timeout(httpserver):
    def slow(_request):
        time.sleep(1.5)
        return Response(ICS, content_type="text/calendar")

    httpserver.expect_request("/slow.ics").respond_with_handler(slow)
    began = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch_feed(httpserver.url_for("/slow.ics"), timeout=0.3, allow_private=True)
    assert time.monotonic() - began < 1.4


def test_oversized_body_declared(httpserver):
    httpserver.expect_request("/big.ics").respond_with_data(b"X" * 5000, content_type="text/calendar")
    with pytest.raises(TooLarge):
        fetch_feed(httpserver.url_for("/big.ics"), max_bytes=1000, allow_private=True)


def test_oversized_body_streamed_without_length(httpserver):
    def stream(_request):
        return Response((b"X" * 1000 for _ in range(50)), content_type="text/calendar")

    httpserver.expect_request("/stream.ics").respond_with_handler(stream)
    with pytest.raises(TooLarge):
        fetch_feed(httpserver.url_for("/stream.ics"), max_bytes=10_000, allow_private=True)


def test_html_instead_of_ics_is_fetched_then_refused_by_the_parser(httpserver):
    from bookingsite.availability.feeds import FeedError, parse_feed

    httpserver.expect_request("/login").respond_with_data("<!doctype html><title>Sign in</title>",
                                                          content_type="text/html")
    result = fetch_feed(httpserver.url_for("/login"), allow_private=True)
    assert result.content_type.startswith("text/html")
    with pytest.raises(FeedError) as caught:
        from datetime import datetime
        parse_feed(result.data, "Europe/Paris", datetime(2026, 3, 1, tzinfo=UTC),
                   datetime(2026, 5, 1, tzinfo=UTC))
    assert caught.value.code == "html"


def test_redirect_is_followed_and_checked(httpserver):
    httpserver.expect_request("/old.ics").respond_with_data("", status=302, headers={"Location": "/new.ics"})
    httpserver.expect_request("/new.ics").respond_with_data(ICS, content_type="text/calendar")
    result = fetch_feed(httpserver.url_for("/old.ics"), allow_private=True)
    assert result.data == ICS and result.url.endswith("/new.ics")


def test_redirect_to_cloud_metadata_is_refused_even_when_private_is_allowed(httpserver):
    httpserver.expect_request("/a.ics").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(PrivateAddress):
        fetch_feed(httpserver.url_for("/a.ics"), allow_private=True)


def test_redirect_to_a_private_address_is_refused_when_not_allowed(httpserver, monkeypatch):
    # The test server can only be on loopback: treat 127.0.0.1 as if it were a public server, so that only the
    # redirect's target (127.0.0.2, another loopback address) is refused; the check runs again on each hop.
    real = address_allowed
    monkeypatch.setattr(fetch, "address_allowed",
                        lambda ip, allowed: ip == ipaddress.ip_address("127.0.0.1") or real(ip, allowed))
    httpserver.expect_request("/a.ics").respond_with_data(
        "", status=301, headers={"Location": f"http://127.0.0.2:{httpserver.port}/internal.ics"})
    with pytest.raises(PrivateAddress) as caught:
        fetch_feed(httpserver.url_for("/a.ics"), allow_private=False)
    assert "private" in caught.value.reason
    assert len(httpserver.log) == 1  # the private address was never contacted


def test_loopback_refused_unless_allowed(httpserver):
    httpserver.expect_request("/a.ics").respond_with_data(ICS)
    with pytest.raises(PrivateAddress):
        fetch_feed(httpserver.url_for("/a.ics"))
    assert len(httpserver.log) == 0


def test_redirect_loop_is_cut(httpserver):
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    with pytest.raises(TooManyRedirects):
        fetch_feed(httpserver.url_for("/loop"), allow_private=True, max_redirects=3)
    assert len(httpserver.log) == 4


@pytest.mark.parametrize("url", ["ftp://example.org/a.ics", "file:///etc/passwd", "javascript:alert(1)", "", "a.ics"])
def test_only_http_and_https(url):
    with pytest.raises(BadURL):
        fetch_feed(url)


def test_unknown_host():
    with pytest.raises(NameNotResolved):
        fetch_feed("http://no-such-host.invalid/a.ics")


@pytest.mark.parametrize(("address", "allow_private", "allowed"), [
    ("93.184.216.34", False, True),     # a public server
    ("127.0.0.1", False, False),        # loopback
    ("127.0.0.1", True, True),          # loopback, allowed for the demo and tests
    ("10.0.0.5", False, False),         # RFC 1918
    ("192.168.1.10", True, True),       # RFC 1918, allowed
    ("169.254.169.254", True, False),   # link-local: cloud metadata, never
    ("::1", False, False),              # IPv6 loopback
    ("::ffff:10.0.0.1", False, False),  # IPv4-mapped private
    ("fe80::1", True, False),           # IPv6 link-local, never
    ("0.0.0.0", True, False),           # unspecified, never
    ("2606:4700::1111", False, True),   # a public IPv6 server
])
def test_address_policy(address, allow_private, allowed):
    assert address_allowed(ipaddress.ip_address(address), allow_private) is allowed
