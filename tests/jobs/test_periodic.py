"""Every periodic job is safe to run twice at once: each one's work is done once."""
from __future__ import annotations

import threading
from datetime import datetime

import pytest

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.jobs.tasks import PERIODIC, in_app
from bookingsite.messaging.sms import MemorySender
from bookingsite.models.outbox import OutboxMessage
from tests.booking.booking_helpers import PARIS, book_args, setup_site

DAY_BEFORE = datetime(2026, 12, 1, 10, 30, tzinfo=PARIS)  # 23.5 hours before the booked slot: its reminder is due


@pytest.fixture
def due_app(make_app):
    """The clock the day before a booking whose confirmation SMS is waiting for its retry."""
    MemorySender.sent.clear()
    application = make_app(SMS_SENDER="memory", NOW=DAY_BEFORE.isoformat(), OUTBOX_DIR=None)
    with application.app_context():
        site, _kind = setup_site()
        service.book(**book_args(site, email=None))
        db.session.execute(db.update(OutboxMessage).values(status="pending", attempts=1,
                                                           next_attempt_at=DAY_BEFORE))
        db.session.commit()
        MemorySender.sent.clear()
        yield application


def _twice_at_once(application, job) -> list:
    barrier, results = threading.Barrier(2), []
    run = in_app(application, job)

    def one():
        barrier.wait()
        results.append(run())

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("name", sorted(PERIODIC))
def test_each_periodic_job_twice_at_once(due_app, name):
    job = PERIODIC[name][0]
    results = _twice_at_once(due_app, job)
    assert len(results) == 2  # neither run failed
    texts = [text for _to, text in MemorySender.sent]
    if name == "sweep_outbox":  # the waiting confirmation goes out once
        assert len(texts) == 1 and "confirm" in texts[0].lower()
    elif name == "send_reminders":  # one reminder
        assert len(texts) == 1 and "rappel" in texts[0].lower()
    else:
        assert texts == []
