"""Commands of the `webhooks` group: subscribe an operator's or a partner's URL, list, disable, rotate, read the log.

The signing secret is printed once, when it is made (``add``, ``rotate``); ``list`` never shows it.
"""
from __future__ import annotations

import click
from flask.cli import AppGroup

from bookingsite import clock
from bookingsite.webhooks import subscriptions
from bookingsite.webhooks.payloads import EVENTS
from bookingsite.webhooks.subscriptions import SubscriptionError

webhooks_cli = AppGroup("webhooks", help="Outgoing webhooks of operators and partners.")
SECRET_NOTICE = "Signing secret (shown once; give it to the receiver, which verifies with standardwebhooks): {}"


def _run(action, *args):
    try:
        return action(*args)
    except SubscriptionError as exc:
        raise click.ClickException(str(exc)) from exc


@webhooks_cli.command("add")
@click.argument("url")
@click.option("--operator", "operator_id", default=None, help="The operator that receives the events.")
@click.option("--partner", "partner_id", default=None, help="The partner that receives the events.")
@click.option("--events", default="", help=f"Comma-separated, among {', '.join(EVENTS)} (default: all).")
@click.option("--allow-private-network", is_flag=True,
              help="The receiver is on a private network (as an agenda's feed may be); refused otherwise.")
def add(url: str, operator_id: str | None, partner_id: str | None, events: str, allow_private_network: bool) -> None:
    """Subscribe URL to events of an operator (--operator ID) or a partner (--partner ID)."""
    chosen = _run(subscriptions.parse_events, events)
    subscription = _run(lambda: subscriptions.add_subscription(
        url, chosen, clock.now(), operator_id=operator_id, partner_id=partner_id,
        allow_private_network=allow_private_network))
    click.echo(f"Webhook {subscription.id} for {subscription.owner}: {subscription.url} ({', '.join(chosen)})")
    click.echo(SECRET_NOTICE.format(subscription.secret))


@webhooks_cli.command("list")
def list_subscriptions() -> None:
    """Every subscription: id, owner, state, URL, events."""
    for sub in subscriptions.all_subscriptions():
        state = "active" if sub.active else "disabled"
        click.echo(f"{sub.id}\t{sub.owner}\t{state}\t{sub.url}\t{','.join(sub.events)}\t{sub.created_at:%Y-%m-%d}")


@webhooks_cli.command("disable")
@click.argument("subscription_id", type=int)
def disable(subscription_id: int) -> None:
    """Stop sending to a subscription (its webhooks not sent yet are dropped)."""
    sub = _run(subscriptions.disable, subscription_id)
    click.echo(f"Webhook {sub.id} disabled.")


@webhooks_cli.command("rotate")
@click.argument("subscription_id", type=int)
def rotate(subscription_id: int) -> None:
    """Give a subscription a new signing secret (the old one stops at once)."""
    sub = _run(subscriptions.rotate, subscription_id)
    click.echo(SECRET_NOTICE.format(sub.secret))


@webhooks_cli.command("log")
@click.argument("subscription_id", type=int)
@click.option("--limit", default=50, show_default=True)
def log(subscription_id: int, limit: int) -> None:
    """The latest delivery attempts of a subscription: when, which webhook, the answer or the error, how long."""
    for row in _run(subscriptions.delivery_log, subscription_id, limit):
        outcome = f"HTTP {row.status_code}" if row.status_code is not None else "no answer"
        error = f"\t{row.error}" if row.error else ""
        click.echo(f"{row.attempted_at.isoformat()}\t{row.webhook_id}\t{row.event}\t{outcome}\t"
                   f"{row.duration_ms} ms{error}")
