"""Shared set-up of the booking tests: a site whose agendas have fresh feed snapshots, the first-interview type."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bookingsite.availability.feeds import Interval, intervals_to_json
from bookingsite.extensions import db
from bookingsite.models import AppointmentType
from bookingsite.models.feeds import FeedSnapshot
from tests.factories import make_agenda, make_appointment_type, make_site

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)  # a Tuesday, as tests/conftest.TEST_NOW
SLOT = datetime(2026, 12, 2, 10, 0, tzinfo=PARIS)  # Wednesday 10:00, open, on the grid


def set_busy(agenda_id: str, spans: list[tuple[datetime, datetime]], at: datetime = NOW) -> None:
    """Give the agenda a fresh snapshot (read at ``at``) whose feed shows these busy spans."""
    snapshot = db.session.get(FeedSnapshot, agenda_id) or FeedSnapshot(agenda_id=agenda_id)
    at = at.astimezone(UTC)
    snapshot.status, snapshot.events_count = "ok", len(spans)
    snapshot.checked_at = snapshot.fetched_at = snapshot.last_success_at = at
    snapshot.covers_from, snapshot.covers_until = at - timedelta(days=1), at + timedelta(days=90)
    snapshot.intervals = intervals_to_json([Interval(a, b) for a, b in spans])
    db.session.add(snapshot)
    db.session.commit()


def setup_site(capacity: int = 1, agendas: int = 1, caldav_url: str | None = None, **site):
    """A Paris site open office hours, ``agendas`` agendas with empty fresh feeds, the 60-minute first interview."""
    place = make_site(**site)
    for _ in range(agendas):
        agenda = make_agenda(site_id=place.id, capacity=capacity, feed_url="http://127.0.0.1:9/feed.ics",
                             caldav_url=caldav_url)
        set_busy(agenda.id, [])
    kind = db.session.get(AppointmentType, "first") or make_appointment_type()
    db.session.commit()
    return place, kind


def contact(**overrides) -> dict:
    """Valid contact details for ``service.book``."""
    values = {"name": "Marie Curie", "email": "marie@example.fr", "phone": "06 12 34 56 78", "consent": True}
    return {**values, **overrides}


def book_args(site, start=SLOT, now=NOW, reach: tuple[str, ...] | None = None, **overrides) -> dict:
    """The arguments of ``service.book`` (its ``BookingRequest``, ``now``, ``reach``) for a web booking at ``start``."""
    from bookingsite.booking.service import BookingRequest

    values = {"site_id": site.id, "start": start, "type_id": "first", "modality": "site", "channel": "web",
              "locale": "fr", **contact()}
    return {"request": BookingRequest(**{**values, **overrides}), "now": now, "reach": reach}


def book_in_threads(app, site_id: str, count: int, tag: str, start: datetime = SLOT) -> list[str]:
    """``count`` threads booking the same slot at once (one app context each); each one's outcome as a word."""
    import threading

    from bookingsite.booking import service

    barrier, outcomes = threading.Barrier(count), []

    def one(n: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                service.book(**book_args(type("S", (), {"id": site_id}), start=start, email=f"{tag}{n}@example.fr",
                                         phone=None))
                outcomes.append("booked")
            except service.SlotTaken as exc:
                outcomes.append("taken" if exc.alternatives else "taken-without-alternatives")
            except Exception as exc:  # noqa: BLE001 — the test reports any other outcome
                outcomes.append(f"{type(exc).__name__}: {exc}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def process_worker(database_url: str, site_id: str, count: int, tag: str, queue) -> None:
    """A separate process: its own app and connection pool, ``count`` threads booking the slot."""
    from bookingsite import create_app
    from tests.conftest import BASE_CONFIG

    app = create_app({**BASE_CONFIG, "DATABASE_URL": database_url})
    queue.put(book_in_threads(app, site_id, count, tag))
