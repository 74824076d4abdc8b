"""Real consumers (threads of this process) on the two storages: SQLite (the default) and Redis (production)."""
from __future__ import annotations

from huey import RedisHuey, SqliteHuey

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.models.outbox import OutboxMessage
from bookingsite.models.piloting import PurgeLog
from tests.booking.booking_helpers import book_args, setup_site
from tests.booking.booking_servers import smtp_server  # noqa: F401  (fixture)
from tests.jobs.jobs_helpers import queue_settings, until  # noqa: F401  (fixture)


def _consumers(application, count: int, periodic: bool = False):
    consumers = [application.extensions["huey"].create_consumer(workers=1, periodic=periodic, initial_delay=0.05,
                                                                max_delay=0.2) for _ in range(count)]
    for consumer in consumers:
        consumer.start()
    return consumers


def _statuses(application) -> set[str]:
    with application.app_context():
        statuses = set(db.session.scalars(db.select(OutboxMessage.status)))
        db.session.remove()
        return statuses


def test_a_booking_messages_are_delivered_by_a_consumer(make_app, smtp_server, queue_settings):  # noqa: F811
    application = make_app(QUEUE_IMMEDIATE=False, SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port,
                           **queue_settings)
    expected = RedisHuey if "REDIS_URL" in queue_settings else SqliteHuey
    assert type(application.extensions["huey"]) is expected
    with application.app_context():
        site, _kind = setup_site(booking_email="rdv-site@cep.example.fr")
        service.book(**book_args(site, phone=None))
        db.session.remove()
    assert smtp_server.inbox.received == []  # the request only recorded and enqueued them
    assert _statuses(application) == {"pending"}
    consumers = _consumers(application, 2)  # two consumers share the queue: each message is taken once
    try:
        assert until(lambda: _statuses(application) == {"sent"})
    finally:
        for consumer in consumers:
            consumer.stop(graceful=True)
    assert len(smtp_server.inbox.to("marie@example.fr")) == 1
    assert len(smtp_server.inbox.to("rdv-site@cep.example.fr")) == 1


def _purges(application) -> int:
    with application.app_context():
        count = db.session.scalar(db.select(db.func.count()).select_from(PurgeLog))
        db.session.remove()
        return count


def test_two_schedulers_start_a_periodic_job_once(make_app, queue_settings):  # noqa: F811
    application = make_app(QUEUE_IMMEDIATE=False, **queue_settings)
    huey, purge = application.extensions["huey"], application.extensions["jobs"]["purge_personal_data"]
    # Both consumers' schedulers fire the job in the same slot: one runs it, the other gives way.
    purge(), purge()
    consumers = _consumers(application, 2)
    try:
        assert until(lambda: _purges(application) >= 1 and huey.pending_count() == 0)
    finally:
        for consumer in consumers:
            consumer.stop(graceful=True)
    assert _purges(application) == 1  # each run writes one line to the purge log
