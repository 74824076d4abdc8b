"""The `webhooks` commands: add (the secret printed once), list, disable, rotate, log."""
from __future__ import annotations

import re

import pytest

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.models.webhooks import WebhookSubscription
from tests.booking.booking_helpers import book_args, setup_site
from tests.factories import make_operator, make_partner


def run(app, *args):
    """Run ``flask webhooks ARGS``; the result."""
    return app.test_cli_runner().invoke(args=["webhooks", *args])


def _secret(output: str) -> str:
    return re.search(r"whsec_[A-Za-z0-9+/=]+", output).group(0)


def test_add_list_rotate_disable_and_log(app, receiver):
    site, _kind = setup_site()
    added = run(app, "add", "--operator", site.operator_id, receiver.url("/hook"), "--events",
                "booking.created,booking.cancelled", "--allow-private-network")
    assert added.exit_code == 0, added.output
    secret = _secret(added.output)
    sub = db.session.scalars(db.select(WebhookSubscription)).one()
    assert (sub.secret, sub.events, sub.active) == (secret, ["booking.created", "booking.cancelled"], True)
    listed = run(app, "list").output
    assert receiver.url("/hook") in listed and "whsec_" not in listed  # the secret is shown once only
    rotated = run(app, "rotate", str(sub.id))
    assert _secret(rotated.output) != secret
    receiver.expect("/hook", _secret(rotated.output))
    service.book(**book_args(site))
    log = run(app, "log", str(sub.id)).output.splitlines()
    assert len(log) == 1 and "booking.created\tHTTP 200" in log[0] and receiver.received("/hook")[0].verified
    assert run(app, "disable", str(sub.id)).exit_code == 0
    assert "disabled" in run(app, "list").output


@pytest.mark.parametrize(("args", "message"), [
    (["--events", "booking.eaten"], "unknown events booking.eaten"),  # a typo in an event
    (["--partner", "nobody"], "no partner has the id 'nobody'"),  # an unknown owner
    (["--partner", "PARTNER", "--operator", "OPERATOR"], "exactly one owner"),  # two owners
    ([], "exactly one owner"),  # no owner
])
def test_add_refuses_in_plain_words(app, args, message):
    partner, operator = make_partner(), make_operator()
    args = [{"PARTNER": partner.id, "OPERATOR": operator.id}.get(a, a) for a in args]
    result = run(app, "add", "https://hooks.example.org/cep", *args)
    assert result.exit_code != 0 and message in result.output


@pytest.mark.parametrize("url", [
    "https://user:password@hooks.example.org/cep",  # credentials in the address
    "ftp://hooks.example.org/cep",  # not http(s)
])
def test_add_refuses_an_address_the_guard_would_not_read(app, url):
    result = run(app, "add", "--partner", make_partner().id, url)
    assert result.exit_code != 0 and "address" in result.output


def test_unknown_subscription(app):
    for command in ("disable", "rotate", "log"):
        result = run(app, command, "999")
        assert result.exit_code != 0 and "no webhook subscription has the id 999" in result.output
