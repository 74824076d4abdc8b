"""Taking an agenda's time in the database: the write lock, cell claims, expired holds (adapter over SQLAlchemy).

How a second booking of the same time is made impossible (see also ``bookingsite.models.booking``):
- every held or confirmed booking owns one ``agenda_slot_claim`` row per 5-minute cell of [start, end + buffer) on
  one capacity unit of its agenda; UNIQUE (agenda_id, unit, start) refuses any second claim of a cell, whatever
  the code path, the process or the machine;
- to avoid pointless races, a booking transaction first takes a write lock: ``BEGIN IMMEDIATE`` on SQLite (one
  writer at a time, waiting up to the busy timeout instead of failing half-way), a transaction-scoped advisory lock
  per site on PostgreSQL. A racing loser still gets an ``IntegrityError`` from the constraint; the service retries.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, text

from bookingsite.extensions import db
from bookingsite.models.booking import CLAIM_CELL_MIN, AgendaSlotClaim, Booking

CELL = CLAIM_CELL_MIN * 60


def cells(start: datetime, end: datetime, buffer_min: int = 0) -> list[datetime]:
    """The UTC cell starts covering [start, end + buffer): partial cells count whole, so overlaps always collide."""
    first = int(start.timestamp()) // CELL * CELL
    last = int((end + timedelta(minutes=buffer_min)).timestamp())
    return [datetime.fromtimestamp(t, UTC) for t in range(first, last, CELL)]


def begin_write(site_id: str) -> None:
    """Open the booking transaction holding the write lock (call with no pending writes in the session)."""
    db.session.commit()  # end whatever reads came before: the lock must start a transaction of its own
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite":
        db.session.execute(text("BEGIN IMMEDIATE"))
    elif dialect == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"booking:{site_id}"})


def purge_expired_holds(site_id: str, now: datetime) -> int:
    """Delete the site's holds whose time is over, with their claims (holds carry no personal data)."""
    expired = select(Booking.id).where(Booking.site_id == site_id, Booking.status == "held",
                                       Booking.hold_expires_at <= now)
    db.session.execute(delete(AgendaSlotClaim).where(AgendaSlotClaim.booking_id.in_(expired)),
                       execution_options={"synchronize_session": False})
    result = db.session.execute(delete(Booking).where(Booking.id.in_(expired.scalar_subquery())),
                                execution_options={"synchronize_session": False})
    return result.rowcount or 0


def free_unit(agenda_id: str, capacity: int, wanted: list[datetime]) -> int | None:
    """The lowest capacity unit of the agenda with none of these cells claimed, or None."""
    taken = set(db.session.scalars(select(AgendaSlotClaim.unit).where(
        AgendaSlotClaim.agenda_id == agenda_id, AgendaSlotClaim.start.in_(wanted))).all())
    return next((u for u in range(max(capacity, 1)) if u not in taken), None)


def claim(booking: Booking, unit: int, wanted: Iterable[datetime]) -> None:
    """Add the claims of ``booking`` (flushed by the caller's commit; the UNIQUE constraint has the last word)."""
    booking.unit = unit
    forget_site(booking.site_id)
    booking.claims = [AgendaSlotClaim(agenda_id=booking.agenda_id, unit=unit, start=c) for c in wanted]


def release(booking: Booking) -> None:
    """Give the booking's time back (cancel, or before claiming its new time on reschedule)."""
    db.session.execute(delete(AgendaSlotClaim).where(AgendaSlotClaim.booking_id == booking.id),
                       execution_options={"synchronize_session": False})
    db.session.expire(booking, ["claims"])
    forget_site(booking.site_id)


def forget_site(site_id: str) -> None:
    """Evict the site's computed slots from this process (they are keyed by the bookings anyway: this frees memory)."""
    cache = current_app.extensions.get("slot_cache")
    if cache is not None:
        cache.invalidate(site_id)


def active_bookings(agenda_ids: Iterable[str], start: datetime, end: datetime, now: datetime,
                    exclude_id: int | None = None) -> dict[str, list]:
    """Agenda id -> bookings made here that take time in [start, end) at ``now`` (confirmed, or held and unexpired).

    This is what the slot engine's ``bookings`` argument wants: rows with ``id``, ``start`` and ``end`` (the columns
    alone: loading whole bookings cost more than the rest of a cached slots call), and ``hold_expires_at``.
    """
    ids = list(agenda_ids)
    query = select(Booking.id, Booking.agenda_id, Booking.start, Booking.end, Booking.hold_expires_at).where(
        Booking.agenda_id.in_(ids), Booking.start < end, Booking.end > start,
        (Booking.status == "confirmed") | ((Booking.status == "held") & (Booking.hold_expires_at > now)))
    if exclude_id is not None:
        query = query.where(Booking.id != exclude_id)
    found: dict[str, list] = {i: [] for i in ids}
    for booking in db.session.execute(query.order_by(Booking.start)):
        found[booking.agenda_id].append(booking)
    return found


def count_claims(agenda_id: str) -> int:
    """How many cells of the agenda are claimed (tests and checks)."""
    return db.session.scalar(select(func.count()).select_from(AgendaSlotClaim)
                             .where(AgendaSlotClaim.agenda_id == agenda_id)) or 0
