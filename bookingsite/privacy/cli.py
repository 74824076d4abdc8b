"""Commands of the `privacy` group: the retention purge that cron runs every night."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from bookingsite import clock
from bookingsite.extensions import db
from bookingsite.privacy.personal_data import purge

privacy_cli = AppGroup("privacy", help="Personal data jobs.")


@privacy_cli.command("purge")
@click.option("--after-days", type=click.IntRange(min=0), default=None,
              help="Override BOOKINGSITE_PURGE_AFTER_DAYS for this run.")
def privacy_purge(after_days: int | None) -> None:
    """Anonymise bookings whose appointment ended more than BOOKINGSITE_PURGE_AFTER_DAYS ago (safe to rerun)."""
    days = current_app.config["BOOKINGSITE_PURGE_AFTER_DAYS"] if after_days is None else after_days
    result = purge(db.session, clock.now(), days)
    click.echo(f"Anonymised {result.bookings} booking(s) whose appointment ended before "
               f"{result.cutoff.isoformat(timespec='seconds')}.")
