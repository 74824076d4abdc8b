"""Many people booking the same slot at once: exactly as many bookings as capacity, the others 409 with
alternatives, never a double booking, never a 500 ("database is locked" included)."""
from __future__ import annotations

import multiprocessing
import os
import threading

import pytest
from sqlalchemy import func, select

from bookingsite.directory.keys import hash_api_key
from bookingsite.extensions import db
from bookingsite.models.booking import AgendaSlotClaim, Booking
from tests.booking.booking_helpers import SLOT, book_in_threads, process_worker, setup_site
from tests.factories import make_partner

ON_POSTGRES = bool(os.environ.get("BOOKINGSITE_TEST_DATABASE_URL"))


def _confirmed() -> int:
    return db.session.scalar(select(func.count()).select_from(Booking).where(Booking.status == "confirmed"))


def _no_cell_claimed_twice() -> bool:
    per_cell = select(AgendaSlotClaim.agenda_id, AgendaSlotClaim.unit, AgendaSlotClaim.start, func.count()) \
        .group_by(AgendaSlotClaim.agenda_id, AgendaSlotClaim.unit, AgendaSlotClaim.start).having(func.count() > 1)
    return db.session.execute(per_cell).first() is None


@pytest.mark.parametrize("capacity, agendas", [
    (1, 1),  # one advisor
    (2, 1),  # an agenda taking two people at once
    (1, 3),  # three advisors
])
def test_threads_book_the_same_slot(app, capacity, agendas):
    site, _kind = setup_site(capacity=capacity, agendas=agendas)
    outcomes = book_in_threads(app, site.id, 12, "t")
    room = capacity * agendas
    assert sorted(outcomes) == ["booked"] * room + ["taken"] * (12 - room), outcomes
    db.session.expire_all()
    assert _confirmed() == room and _no_cell_claimed_twice()


def test_api_threads_get_201_or_409_never_500(app):
    site, _kind = setup_site(capacity=2)
    make_partner(api_key_hash=hash_api_key("pk_race"))
    db.session.commit()
    site_id, statuses, barrier = site.id, [], threading.Barrier(10)

    def one(n):
        client = app.test_client()
        barrier.wait()
        answer = client.post("/api/v1/bookings", headers={"X-Api-Key": "pk_race"}, json={
            "site_id": site_id, "start": SLOT.isoformat(), "type": "first", "modality": "site",
            "name": f"Person {n}", "email": f"api{n}@example.fr", "consent": True})
        statuses.append((answer.status_code, bool((answer.json or {}).get("alternatives"))))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [(201, False)] * 2 + [(409, True)] * 8, statuses


@pytest.mark.skipif(not ON_POSTGRES, reason="two processes on one database: PostgreSQL (SQLite is one machine's file)")
def test_two_processes_book_the_same_slot(app, database_url):
    site, _kind = setup_site(capacity=3)
    context = multiprocessing.get_context("fork")  # a fresh app and pool in each child; no re-import
    queue = context.Queue()
    workers = [context.Process(target=process_worker, args=(database_url, site.id, 8, f"p{n}-", queue))
               for n in range(2)]
    for worker in workers:
        worker.start()
    outcomes = [o for _ in workers for o in queue.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=30)
    assert sorted(outcomes) == ["booked"] * 3 + ["taken"] * 13, outcomes
    db.session.expire_all()
    assert _confirmed() == 3 and _no_cell_claimed_twice()
