"""Commands of the `agents` group: create an account, re-issue its set-password link, deactivate it."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from bookingsite import clock
from bookingsite.extensions import current_settings, db
from bookingsite.models.agent import ROLES
from bookingsite.staff import accounts

agents_cli = AppGroup("agents", help="Agent accounts.")


def _print_link(invitation: accounts.Invitation) -> None:
    base = current_settings().base_url.rstrip("/")
    click.echo(f"Set-password link for {invitation.agent.email} (works once, until "
               f"{invitation.expires.isoformat(timespec='minutes')}):")
    click.echo(f"{base}/agent/set-password/{invitation.token}")


@agents_cli.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="agent, supervisor or admin.")
@click.option("--operator", "operator_id", default=None, help="The operator's id; none for a national account.")
def agents_add(email: str, role: str, operator_id: str | None) -> None:
    """Create an agent account and print its one-time set-password link."""
    try:
        invitation = accounts.add_agent(db.session, email, role, operator_id, clock.now())
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    _print_link(invitation)


@agents_cli.command("reset")
@click.argument("email")
def agents_reset(email: str) -> None:
    """Print a new one-time set-password link for an existing account (the previous one stops working)."""
    try:
        invitation = accounts.reissue_link(db.session, email, clock.now())
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    _print_link(invitation)


@agents_cli.command("deactivate")
@click.argument("email")
def agents_deactivate(email: str) -> None:
    """Close an account: its sessions end at their next request, its audit entries stay."""
    try:
        agent = accounts.deactivate(db.session, email)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{agent.email} deactivated.")
