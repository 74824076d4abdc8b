"""The feed adapter against a real HTTP server on loopback (pytest-httpserver)."""
from __future__ import annotations

import ipaddress
import re
import time
from datetime import UTC
from pathlib import Path

import pytest
from werkzeug import Response

from bookingsite.availability.fetch import HTTPStatus, fetch_feed
from bookingsite.core import outbound
from bookingsite.core.outbound import (
    BadURL,
    ConnectionFailed,
    NameNotResolved,
    PrivateAddress,
    TooLarge,
    TooManyRedirects,
    address_allowed,
)
from bookingsite.core.outbound import Timeout as FetchTimeout
from tests.net_helpers import PUBLIC

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
    monkeypatch.setattr(outbound, "address_allowed",
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


# --- Issue 14: ways around the address check, and one deadline for the whole fetch ---------------------------------

def test_a_backslash_cannot_make_the_checked_host_differ_from_the_connected_one(httpserver, public_dns):
    # urlsplit reads calendar.example as the host (it checks out public) while the HTTP library connects to
    # 127.0.0.1: one URL, two readings. The address is refused before any connection.
    public_dns[0]["calendar.example"] = [PUBLIC]
    httpserver.expect_request("/a.ics").respond_with_data(ICS)
    with pytest.raises(BadURL):
        fetch_feed(f"http://127.0.0.1:{httpserver.port}\\@calendar.example/a.ics", timeout=0.5)
    assert len(httpserver.log) == 0


@pytest.mark.parametrize("url", [
    "http://user:secret@calendar.example/a.ics",  # user info: a second host-like part, and credentials
    "http://@calendar.example/a.ics",  # an empty user info is still one
    "http://calendar.example\\.127.0.0.1/a.ics",  # a backslash anywhere
    "http://calendar.example/a b.ics",  # a space
    "http://calendar.example/\x00.ics",  # a control character
])
def test_addresses_that_parsers_read_differently_are_refused(url, public_dns):
    public_dns[0]["calendar.example"] = [PUBLIC]
    with pytest.raises(BadURL):
        fetch_feed(url, timeout=0.5)


def test_the_checked_address_is_the_one_connected_to(httpserver, public_dns):
    # DNS rebinding: the first answer is public, the next ones the internal server. The name is asked once and the
    # connection goes to the public address it gave (which does not answer here); the internal server is untouched.
    answers, lookups = public_dns
    answers["rebind.example"] = [PUBLIC, "127.0.0.1"]
    httpserver.expect_request("/a.ics").respond_with_data(ICS)
    with pytest.raises((FetchTimeout, ConnectionFailed)):
        fetch_feed(f"http://rebind.example:{httpserver.port}/a.ics", timeout=0.5)
    assert len(httpserver.log) == 0 and lookups["rebind.example"] == 1


def test_a_redirect_cannot_hide_the_host_behind_a_backslash(httpserver, public_dns, monkeypatch):
    # The feed server (treated as public) redirects to a URL whose two readings differ: refused, never followed.
    public_dns[0]["calendar.example"] = [PUBLIC]
    real = address_allowed
    monkeypatch.setattr(outbound, "address_allowed",
                        lambda ip, allowed: ip == ipaddress.ip_address("127.0.0.1") or real(ip, allowed))
    internal = f"http://127.0.0.2:{httpserver.port}\\@calendar.example/internal.ics"
    httpserver.expect_request("/a.ics").respond_with_data("", status=302, headers={"Location": internal})
    with pytest.raises(BadURL):
        fetch_feed(httpserver.url_for("/a.ics"), timeout=0.5)
    assert len(httpserver.log) == 1


def test_a_refusal_names_no_resolved_address(public_dns):
    public_dns[0]["intranet.example"] = ["10.1.2.3"]
    with pytest.raises(PrivateAddress) as caught:
        fetch_feed("http://intranet.example/a.ics", timeout=0.5)
    assert "10.1.2.3" not in caught.value.reason and "10." not in str(caught.value)


def test_headers_dripped_byte_by_byte_meet_the_deadline(dripping):
    # Each byte comes well within the per-read timeout, so only a deadline on the whole exchange stops this; the
    # headers alone would take 60 s.
    headers = b"HTTP/1.1 200 OK\r\n" + b"X-Padding: " + b"a" * 1200 + b"\r\nContent-Length: 0\r\n\r\n"
    server = dripping(headers, 0.05)
    began = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch_feed(f"http://127.0.0.1:{server.port}/a.ics", timeout=0.5, deadline=1.0, allow_private=True)
    assert time.monotonic() - began < 2.0


def test_a_body_without_length_cut_by_the_deadline_is_not_taken_as_complete(dripping):
    server = dripping(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + ICS, 0.02)
    with pytest.raises(FetchTimeout):
        fetch_feed(f"http://127.0.0.1:{server.port}/a.ics", timeout=0.5, deadline=1.0, allow_private=True)


def test_the_deadline_spans_every_redirect_hop(httpserver):
    # Three hops of 0.4 s each: every one is within the 0.5 s timeout, together they pass the 1 s deadline.
    def slow_redirect(request):
        time.sleep(0.4)
        hop = int(request.path.strip("/") or 0)
        return Response("", status=302, headers={"Location": f"/{hop + 1}"})

    httpserver.expect_request(re.compile(r"/\d*")).respond_with_handler(slow_redirect)
    began = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch_feed(httpserver.url_for("/0"), timeout=0.5, deadline=1.0, allow_private=True, max_redirects=5)
    assert time.monotonic() - began < 1.6 and len(httpserver.log) <= 3
