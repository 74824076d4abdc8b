"""Origins as browsers send them, the parent origin picked for postMessage, partners found by widget id."""
import pytest

from bookingsite.directory.keys import hash_api_key
from bookingsite.extensions import db
from bookingsite.widget.partners import InvalidOrigin, normalize_origin, parent_origin, partner_by_widget_id
from tests.factories import make_partner


@pytest.mark.parametrize("given, expected", [
    ("https://www.example.fr", "https://www.example.fr"),  # already an origin
    ("HTTPS://WWW.Example.FR/", "https://www.example.fr"),  # case and the trailing slash go
    ("https://example.fr:443", "https://example.fr"),  # the default port is not written
    ("http://localhost:8000", "http://localhost:8000"),  # another port is
    ("http://[::1]:8000", "http://[::1]:8000"),  # IPv6 keeps its brackets
])
def test_normalize_origin(given, expected):
    assert normalize_origin(given) == expected


@pytest.mark.parametrize("given", [
    "example.fr",  # no scheme
    "ftp://example.fr",  # not the web
    "https://example.fr/page",  # a page, not an origin
    "https://user:pw@example.fr",  # credentials
    "https://example.fr:port",  # a port that is not a number
    "",  # nothing
])
def test_normalize_origin_refuses(given):
    with pytest.raises(InvalidOrigin):
        normalize_origin(given)


@pytest.mark.parametrize("candidates, expected", [
    (["http://a.example:8000", None], "http://a.example:8000"),  # the widget's claim, allowed
    (["http://evil.example", "http://a.example:8000/page?x=1"], "http://a.example:8000"),  # else the Referer's
    (["http://evil.example", None], None),  # neither is allowed: no postMessage at all
    (["not a url", ""], None),  # garbage
])
def test_parent_origin(candidates, expected):
    assert parent_origin(candidates, ["http://a.example:8000"]) == expected


def test_partner_by_widget_id(app):
    active = make_partner(widget_id="w-active", api_key_hash=hash_api_key("sk_active"))
    make_partner(widget_id="w-off", active=False)
    assert partner_by_widget_id(db.session, "w-active").id == active.id
    assert partner_by_widget_id(db.session, "w-off") is None  # inactive
    assert partner_by_widget_id(db.session, "sk_active") is None  # the secret key is not a widget id
    assert partner_by_widget_id(db.session, "") is None
    assert partner_by_widget_id(db.session, "x" * 500) is None  # not even looked up
