"""The write transaction every booking change runs in, and the free-slot reads it makes under its lock.

Shared by ``service`` (hold, book, cancel) and ``confirm`` (confirm a hold, move a booking).
"""
from __future__ import annotations

import time as _time
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError, OperationalError

from bookingsite.availability import claims
from bookingsite.availability.slots import Slot
from bookingsite.availability.snapshots import site_slots
from bookingsite.booking.errors import Busy, SlotTaken
from bookingsite.booking.validation import GRID_MIN
from bookingsite.config import Settings
from bookingsite.extensions import current_settings, db
from bookingsite.models import AppointmentType, Site
from bookingsite.models.booking import Booking

ATTEMPTS = 8  # write transactions tried before answering "busy" (contention only; a conflict ends sooner)
ALTERNATIVE_DAYS = 14  # how far the alternatives to a slot just taken are looked for


class Taken(Exception):
    """The slot is not free under the lock; alternatives are computed once the lock is released (``taken``)."""


def settings_or_app(settings: Settings | None) -> Settings:
    """The settings given, else the app's."""
    return settings if settings is not None else current_settings()


def slots_for(site: Site, appointment_type: AppointmentType, modality: str | None, start_date, days: int,
              now: datetime, settings: Settings | None = None, exclude_id: int | None = None, refresh: bool = True):
    """The site's free slots (``snapshots.SiteSlots``), counting the bookings made here; ``refresh=False`` never
    fetches a feed (under the write lock)."""
    settings = settings_or_app(settings)
    zone = ZoneInfo(site.timezone)
    begin = datetime.combine(start_date, datetime.min.time(), zone)
    bookings = claims.active_bookings([a.id for a in site.agendas], begin - timedelta(days=1),
                                      begin + timedelta(days=days + 1), now, exclude_id)
    return site_slots(site, appointment_type, modality, start_date, days, now, settings, bookings=bookings,
                      grid_min=GRID_MIN, refresh=refresh)


def alternatives(site: Site, appointment_type: AppointmentType, modality: str | None, around: datetime,
                 now: datetime, settings: Settings | None = None, limit: int = 6) -> list[Slot]:
    """The next free slots from ``around`` (the earliest ones if none follow it), for a slot just taken."""
    zone = ZoneInfo(site.timezone)
    day = max(around, now).astimezone(zone).date()
    found = slots_for(site, appointment_type, modality, day, ALTERNATIVE_DAYS, now, settings, refresh=False).slots
    later = [s for s in found if s.start >= around]
    if len(later) < limit and day > now.astimezone(zone).date():
        found = slots_for(site, appointment_type, modality, now.astimezone(zone).date(), ALTERNATIVE_DAYS, now,
                          settings, refresh=False).slots
        later = later or found
    return later[:limit]


def in_write_transaction(site: Site, work: Callable[[], Booking]) -> Booking:
    """Run ``work`` under the write lock and commit; retry on a lost race or a busy database; roll back on refusal."""
    for attempt in range(ATTEMPTS):
        try:
            claims.begin_write(site.id)
            result = work()
            db.session.commit()
            return result
        except IntegrityError:
            db.session.rollback()  # a racing transaction claimed first: look again, it is probably taken now
        except OperationalError as exc:
            db.session.rollback()
            if "locked" not in str(exc).lower() and "deadlock" not in str(exc).lower():
                raise
            _time.sleep(0.05 * (attempt + 1))  # SQLite's busy timeout ran out: back off and try again
        except BaseException:
            db.session.rollback()
            raise
    raise Busy()


def pick_agenda(site: Site, appointment_type: AppointmentType, start: datetime, modality: str, now: datetime,
                settings: Settings, exclude_id: int | None = None, prefer: str | None = None):
    """(agenda, unit, cells) free for this slot right now, under the lock; ``Taken`` when none is."""
    day = start.astimezone(ZoneInfo(site.timezone)).date()
    free = slots_for(site, appointment_type, modality, day, 1, now, settings, exclude_id, refresh=False).slots
    match = next((s for s in free if s.start == start and s.modality == modality), None)
    if match is None:
        raise Taken()
    wanted = claims.cells(start, start + timedelta(minutes=appointment_type.duration_min),
                          appointment_type.buffer_min or 0)
    agendas = {a.id: a for a in site.agendas}
    order = sorted(match.agenda_ids, key=lambda i: (i != prefer, i))
    for agenda_id in order:
        unit = claims.free_unit(agenda_id, agendas[agenda_id].capacity or 1, wanted)
        if unit is not None:
            return agendas[agenda_id], unit, wanted
    raise Taken()


def taken(site: Site, appointment_type: AppointmentType, modality: str, start: datetime, now: datetime,
          settings: Settings) -> SlotTaken:
    """The ``SlotTaken`` error for a slot lost under the lock, with the alternatives read after it."""
    return SlotTaken(alternatives(site, appointment_type, modality, start, now, settings))
