"""Commands of the `privacy` group: the retention purge that cron runs every night."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from bookingsite import clock
from bookingsite.extensions import current_settings, db
from bookingsite.privacy.copies import clean_copies
from bookingsite.privacy.personal_data import purge

privacy_cli = AppGroup("privacy", help="Personal data jobs.")


@privacy_cli.command("purge")
@click.option("--after-days", type=click.IntRange(min=0), default=None,
              help="Override BOOKINGSITE_PURGE_AFTER_DAYS for this run.")
def privacy_purge(after_days: int | None) -> None:
    """Anonymise bookings whose appointment ended more than BOOKINGSITE_PURGE_AFTER_DAYS ago, their calendar copies
    and outbox e-mails included (safe to rerun)."""
    settings, now = current_settings(), clock.now()
    days = settings.purge_after_days if after_days is None else after_days
    result = purge(db.session, now, days)
    click.echo(f"Anonymised {result.bookings} booking(s) whose appointment ended before "
               f"{result.cutoff.isoformat(timespec='seconds')}.")
    cleaned = clean_copies(result.ids, result.references, (), now, settings)
    click.echo(f"Calendar copies rewritten: {cleaned.rewritten} ({cleaned.waiting} waiting in the outbox); "
               f"outbox e-mails deleted: {cleaned.mails_deleted}.")
