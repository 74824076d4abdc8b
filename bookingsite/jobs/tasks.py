"""The tasks and periodic jobs of the queue, registered on the application's huey by ``create_app``.

Each task runs in the application's context and calls one function of the layer that owns the work, the same
one its CLI command calls. Every periodic job is safe to run twice at once (each claims its rows or agendas in the
database); on top of that, a run is claimed per job and time slot in the queue's storage, so that N consumers
with their schedulers start it once.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime

from flask import Flask, current_app, has_app_context
from huey import crontab
from huey.api import Huey

from bookingsite import clock
from bookingsite.core.queue import enqueue
from bookingsite.extensions import current_settings, db

log = logging.getLogger("bookingsite.jobs")


def deliver_message(row_id: int) -> str:
    """Deliver one outbox message; on a failure with attempts left, come back after the back-off."""
    from bookingsite.messaging import outbox
    from bookingsite.models.outbox import OutboxMessage

    outcome = outbox.deliver(row_id, clock.now(), current_settings())
    if outcome == "retry":
        row = db.session.get(OutboxMessage, row_id)
        wait = (row.next_attempt_at - clock.now()).total_seconds()
        enqueue("deliver_message", row_id, delay=max(wait, 1.0))
    return outcome


def refresh_feed(agenda_id: str, asked_at: str) -> str:
    """Refresh one agenda's snapshot that a page found stale (skipped when another run has it or it is fresh); a
    new snapshot's slots are computed ahead (with Redis)."""
    from bookingsite.availability.refresh import refresh_agenda
    from bookingsite.models import Agenda

    agenda = db.session.get(Agenda, agenda_id)
    if agenda is None or not agenda.feed_url:
        return "skipped"
    # Stamped with the instant the page asked for it: a snapshot's age is never understated (by the queue's delay).
    from bookingsite.booking.warm import warm_slots

    outcome = refresh_agenda(agenda, datetime.fromisoformat(asked_at), current_settings())
    if outcome == "ok":
        warm_slots([agenda.site_id], clock.now(), current_settings())
    return outcome


def sweep_outbox() -> int:
    """Enqueue every message due (a retry whose task was lost, a consumer that died mid-delivery); how many."""
    from bookingsite.messaging import outbox

    ids = outbox.due_ids(clock.now())
    for row_id in ids:
        enqueue("deliver_message", row_id)
    return len(ids)


def refresh_feeds() -> dict:
    """Refresh the feeds older than their TTL (an agenda another consumer is refreshing is skipped); the new
    snapshots' slots are computed ahead (with Redis)."""
    from bookingsite.availability.refresh import refresh_all
    from bookingsite.booking.warm import sites_read_since, warm_slots

    now, settings = clock.now(), current_settings()
    counts = refresh_all(now, settings, force=False)
    if counts["ok"]:
        warm_slots(sites_read_since(now), now, settings)
    return counts


def send_reminders() -> dict:
    """The day-before reminders that are due."""
    from bookingsite.messaging.reminders import send_reminders as send

    return send(clock.now())


def retry_caldav() -> dict:
    """CalDAV copies left in error (a safety net beside the outbox's own retries)."""
    from bookingsite.messaging.reminders import retry_caldav as retry

    return retry(clock.now())


def purge_personal_data() -> int:
    """The retention purge (anonymise old bookings, their calendar copies and outbox e-mails)."""
    from bookingsite.privacy.copies import clean_copies
    from bookingsite.privacy.personal_data import purge

    now, settings = clock.now(), current_settings()
    result = purge(db.session, now, settings.purge_after_days)
    clean_copies(result.ids, result.references, (), now, settings)
    return result.bookings


def publish_health() -> list[str]:
    """Compute the features' health summaries once for every process (``/healthz`` reads them); their names."""
    from bookingsite.core import health

    now = clock.now()
    found = health.summaries(current_app.extensions.get("health_checks", {}), now, current_settings(),
                             db.session.rollback)
    health.publish(current_app.extensions["huey"], found, now)
    return sorted(found)


TASKS: dict[str, Callable] = {"deliver_message": deliver_message, "refresh_feed": refresh_feed}
# name -> (job, when, slot seconds: one run per slot whatever the number of schedulers)
PERIODIC: dict[str, tuple[Callable, crontab, int]] = {
    "sweep_outbox": (sweep_outbox, crontab(), 60),
    "refresh_feeds": (refresh_feeds, crontab(), 60),
    "publish_health": (publish_health, crontab(), 60),  # each agenda at its own TTL: refresh_all skips fresh ones
    "send_reminders": (send_reminders, crontab(minute="*/15"), 900),
    "retry_caldav": (retry_caldav, crontab(minute="*/15"), 900),
    "purge_personal_data": (purge_personal_data, crontab(minute="30", hour="3"), 86400),
}


def in_app(app: Flask, job: Callable) -> Callable:
    """The job run in ``app``'s context (a consumer has none), its session closed afterwards."""
    @functools.wraps(job)
    def run(*args):
        if has_app_context() and current_app._get_current_object() is app:
            return job(*args)  # immediate mode: inside the caller's own context
        with app.app_context():
            try:
                return job(*args)
            finally:
                db.session.remove()
    return run


def claim_slot(huey: Huey, name: str, now: datetime, slot_s: int) -> bool:
    """True for the first scheduler to start job ``name`` in this time slot (an atomic put-if-empty)."""
    slot = int(now.timestamp()) // slot_s
    huey.storage.pop_data(f"periodic:{name}:{slot - 2}")  # forget old slots: the store stays small
    return huey.storage.put_if_empty(f"periodic:{name}:{slot}", b"1")


def once_per_slot(huey: Huey, name: str, job: Callable, slot_s: int) -> Callable:
    """The periodic job, skipped when another scheduler already started it in this slot."""
    @functools.wraps(job)
    def run():
        if not claim_slot(huey, name, clock.now(), slot_s):
            log.info("periodic job %s already started in this slot", name)
            return "skipped"
        return job()
    return run


def register(app: Flask, huey: Huey) -> dict:
    """Register every task and periodic job on ``huey``; the tasks by name (``app.extensions["jobs"]``)."""
    tasks = {name: huey.task(name=name)(in_app(app, job)) for name, job in TASKS.items()}
    for name, (job, when, slot_s) in PERIODIC.items():
        tasks[name] = huey.periodic_task(when, name=name)(in_app(app, once_per_slot(huey, name, job, slot_s)))
    return tasks
