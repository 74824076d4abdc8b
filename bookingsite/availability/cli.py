"""``flask feeds refresh [--agenda ID]``: fetch the operators' feeds into snapshots (cron; safe to run twice at once)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from bookingsite import clock
from bookingsite.availability.refresh import refresh_all
from bookingsite.extensions import current_settings

feeds_cli = AppGroup("feeds", help="Operators' iCal feeds.")


@feeds_cli.command("refresh")
@click.option("--agenda", "agenda_id", default=None, help="Only this agenda (its id in the directory).")
@click.option("--if-older/--always", default=False,
              help="Skip agendas checked within BOOKINGSITE_FEED_TTL_MIN (default: refresh them all).")
def refresh(agenda_id: str | None, if_older: bool) -> None:
    """Refresh feed snapshots; an agenda another run is refreshing right now is skipped."""
    counts = refresh_all(clock.now(), current_settings(), agenda_id=agenda_id, force=not if_older)
    click.echo("Feeds: {ok} updated, {not_modified} unchanged, {error} failed, {skipped} skipped.".format(**counts))
    if agenda_id and not any(counts.values()):
        raise click.ClickException(f"No agenda {agenda_id!r} with a feed.")
