"""Consumers as real processes (``flask jobs run``): one killed in the middle of a delivery, two schedulers at once."""
from __future__ import annotations

import asyncio
import signal
import threading
import uuid
from datetime import timedelta

import pytest
from huey import RedisHuey

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.messaging import outbox
from bookingsite.models.outbox import OutboxMessage
from tests.booking.booking_helpers import NOW, book_args, setup_site
from tests.booking.booking_servers import Inbox, running_smtp
from tests.jobs.jobs_helpers import REDIS_URL, queue_settings, start_consumer, stop, until  # noqa: F401  (fixture)

PERSON = "marie@example.fr"


class StallingInbox(Inbox):
    """A mail server that takes every message but holds its answer to the first one (the delivery hangs there)."""

    def __init__(self):
        super().__init__()
        self.arrived, self.released = threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        answer = await super().handle_DATA(server, session, envelope)
        if not self.arrived.is_set():
            self.arrived.set()
            await asyncio.get_running_loop().run_in_executor(None, self.released.wait)
        return answer

    def shown(self, address: str) -> set[str]:
        """The messages a mail client shows this address: one per Message-ID."""
        return {m["Message-ID"] for m in self.to(address)}


@pytest.fixture
def stalling_smtp():
    inbox = StallingInbox()
    with running_smtp(inbox) as controller:
        try:
            yield controller
        finally:
            inbox.released.set()  # let the held answer go, or the server cannot stop


def _row(application) -> OutboxMessage:
    with application.app_context():
        row = db.session.scalars(db.select(OutboxMessage)).one()
        db.session.expunge(row)
        db.session.remove()
        return row


def test_a_consumer_killed_mid_delivery_is_taken_over_and_the_person_gets_the_message_once(
        make_app, stalling_smtp, queue_settings, tmp_path):  # noqa: F811
    application = make_app(QUEUE_IMMEDIATE=False, SMTP_HOST="127.0.0.1", SMTP_PORT=stalling_smtp.port,
                           **queue_settings)
    with application.app_context():
        site, _kind = setup_site()
        service.book(**book_args(site, phone=None))  # one message: the person's confirmation e-mail
        db.session.remove()
    first = start_consumer(application, NOW, tmp_path / "first.log", "--no-periodic")
    try:
        # The mail server has the message and holds its answer: the consumer is in the middle of the delivery.
        assert until(stalling_smtp.inbox.arrived.is_set), stop(first)
        assert _row(application).status == "sending"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        stop(first)
    # Another consumer, once the dead one's lease is over: its scheduler's outbox sweep takes the message up.
    second = start_consumer(application, NOW + outbox.LEASE + timedelta(minutes=1), tmp_path / "second.log")
    try:
        assert until(lambda: _row(application).status == "sent"), stop(second)
    finally:
        stop(second)
    row = _row(application)
    assert row.attempts == 2
    # The server got it twice (the first answer never reached the killed consumer), as one message: the person's
    # mail client shows it once.
    assert len(stalling_smtp.inbox.to(PERSON)) == 2
    assert stalling_smtp.inbox.shown(PERSON) == {f"<outbox-{row.id}.{row.booking_id}.0@cep.example.fr>"}


def _count(logs: list[str], text: str) -> int:
    return sum(log.count(text) for log in logs)


def test_two_consumer_processes_on_redis_run_each_periodic_job_once(make_app, tmp_path):
    """Two consumers with their schedulers, sharing the database and Redis: each fires the every-minute jobs at start."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    application = make_app(QUEUE_IMMEDIATE=False, QUEUE_NAME=name, REDIS_URL=REDIS_URL)
    consumers = [start_consumer(application, NOW, tmp_path / f"consumer-{n}.log") for n in (1, 2)]

    def logs() -> list[str]:
        return [c.log.read_text(errors="replace") for c in consumers]

    minute_jobs = ("bookingsite.jobs.tasks.sweep_outbox", "bookingsite.jobs.tasks.refresh_feeds")
    try:  # each task of a job is logged thrice (enqueued, executing, executed): both schedulers' are through
        assert until(lambda: all(_count(logs(), f"{job}: ") >= 6 for job in minute_jobs), 30), logs()
    finally:
        for consumer in consumers:
            stop(consumer)
        RedisHuey(name, url=REDIS_URL).storage.flush_all()
    fired = [job for job in minute_jobs if _count(logs(), f"Enqueueing periodic task {job}:") == 2]
    assert fired == list(minute_jobs)
    for job in fired:  # two tasks executed, one of which gave way: the job ran once
        assert _count(logs(), f"Executing {job}:") == 2
        short = job.rpartition(".")[2]
        assert _count(logs(), f"bookingsite.jobs INFO periodic job {short} already started in this slot") == 1
