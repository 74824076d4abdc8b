"""Commands of the booking feature: ``reminders send``, ``caldav retry``, ``operator-feeds add|revoke|list``."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from bookingsite import clock
from bookingsite.extensions import current_settings, db

reminders_cli = AppGroup("reminders", help="Appointment reminders.")
caldav_cli = AppGroup("caldav", help="Copies of bookings in operators' CalDAV calendars.")
operator_feeds_cli = AppGroup("operator-feeds", help="Private iCal feeds of bookings for operators.")


@reminders_cli.command("send")
def send_command() -> None:
    """Send the day-before reminders that are due (safe to run twice at once)."""
    from bookingsite.messaging.reminders import send_reminders

    counts = send_reminders(clock.now())
    click.echo(f"reminders: {counts['recorded']} handed to the outbox, {counts['skipped']} skipped")


@caldav_cli.command("retry")
def retry_command() -> None:
    """Copy again to CalDAV the bookings whose copy is pending or failed (safe to run twice at once)."""
    from bookingsite.messaging.reminders import retry_caldav

    counts = retry_caldav(clock.now())
    click.echo(f"caldav: {counts['ok']} ok, {counts['error']} error, {counts['skipped']} skipped")


@operator_feeds_cli.command("add")
@click.option("--site", "site_id", help="Feed of one site.")
@click.option("--operator", "operator_id", help="Feed of all the operator's sites.")
@click.option("--label", help="Who it is for (shown in the list).")
def add_feed(site_id: str | None, operator_id: str | None, label: str | None) -> None:
    """Create a private feed and print its address (shown once)."""
    from bookingsite.messaging.operator_feeds import FeedTokenError, create_feed_token
    from bookingsite.models import Operator, Site

    if (site_id and db.session.get(Site, site_id) is None) or (
            operator_id and db.session.get(Operator, operator_id) is None):
        raise click.BadParameter("unknown site or operator")
    try:
        row, secret = create_feed_token(clock.now(), operator_id, site_id, label)
    except FeedTokenError as exc:
        raise click.UsageError(str(exc)) from None
    base = current_settings().base_url.rstrip("/")
    click.echo(f"feed {row.id}: {base}/booking/calendar/{secret}.ics")


@operator_feeds_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_feed(token_id: int) -> None:
    """Revoke a feed: its address stops answering."""
    from bookingsite.messaging.operator_feeds import revoke_feed_token

    if not revoke_feed_token(token_id, clock.now()):
        raise click.BadParameter(f"no feed {token_id}")
    click.echo(f"feed {token_id} revoked")


@operator_feeds_cli.command("list")
def list_feeds() -> None:
    """List the feeds (never their secrets)."""
    from bookingsite.models.booking import OperatorFeedToken

    for row in db.session.scalars(select(OperatorFeedToken).order_by(OperatorFeedToken.id)):
        state = "revoked" if row.revoked_at else "live"
        click.echo(f"{row.id}\t{row.site_id or row.operator_id}\t{state}\t{row.label or ''}")
