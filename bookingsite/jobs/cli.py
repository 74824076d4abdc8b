"""``flask jobs run`` (a consumer with the periodic scheduler) and ``flask jobs deliver`` (the outbox, once)."""
from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import AppGroup

from bookingsite import clock
from bookingsite.extensions import current_settings

jobs_cli = AppGroup("jobs", help="The task queue: consumers, the outbox, periodic jobs.")


@jobs_cli.command("run")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Worker threads.")
@click.option("--periodic/--no-periodic", default=True, show_default=True,
              help="Also run the scheduler of periodic jobs (each starts once per slot, whatever the consumers).")
def run_command(workers: int, periodic: bool) -> None:
    """Start a consumer: it runs the queued tasks until stopped (SIGTERM: after the current ones)."""
    huey = current_app.extensions["huey"]
    if not logging.getLogger().handlers:  # say what runs and what fails (huey logs each task, never its arguments' data)
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=periodic,
                                    check_worker_health=True)
    consumer.run()


@jobs_cli.command("deliver")
def deliver_command() -> None:
    """Deliver the outbox's due messages now, in this process (safe beside running consumers)."""
    from bookingsite.messaging import outbox

    counts: dict[str, int] = {}
    for row_id in outbox.due_ids(clock.now()):
        outcome = outbox.deliver(row_id, clock.now(), current_settings())
        counts[outcome] = counts.get(outcome, 0) + 1
    click.echo("outbox: " + (", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing due"))
