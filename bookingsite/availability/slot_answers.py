"""The slots call answered from memory while nothing it shows has changed: one query instead of four.

Every change that may move a site's free slots raises the site's ``slots_version`` in its own transaction (the
flush listener below): a booking written (taken, held, confirmed, moved, cancelled), a feed snapshot stored, the
site or its agendas edited, and any appointment type (every site). A booking's time given back by a bulk delete of
its claims comes with its status written, so the booking's flush raises it too.

An answer is kept under the site's version and the request's query string, and reused until the first of: a new
version, the next hold's expiry (its time comes back), the end of the slot cache's bucket, a new local day, or
``MAX_KEEP_S`` (a feed's freshness is re-read at least that often). Each reuse keeps only the slots its exact
``now`` allows, as a computed answer does.

The version lives in the database. A process sees its own changes at once (a commit that raised a version makes it
read the versions again), and another worker's or server's within ``READ_EVERY_S``: each process reads a site's
version at most that often. That bound is far below the time a person looks at a list of times, and a slot
taken meanwhile is refused by the booking itself (its claims' UNIQUE constraint), with the next free times.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, event, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bookingsite.availability.slot_cache import bucket
from bookingsite.availability.snapshots import SiteSlots
from bookingsite.extensions import db
from bookingsite.models import Agenda, AppointmentType, Site
from bookingsite.models.booking import Booking
from bookingsite.models.feeds import FeedSnapshot
from bookingsite.models.generation import Generation

ENTRIES = 1024  # per process
MAX_KEEP_S = 60
SITES, AGENDAS = Site.__table__, Agenda.__table__


@dataclass
class Kept:
    """One answer; the site's local day and the bucket it was computed in (``from`` defaults to the day, and the
    computed slots cover the bucket); until when it holds."""

    result: SiteSlots
    today: date
    bucket: int
    until: datetime
    body: tuple | None = None  # the last JSON body made from it: (its slots' first start and count, body, digest)


VERSION = select(SITES.c.slots_version).where(SITES.c.id == bindparam("site_id"))  # built once: asked per call
READ_EVERY_S = 0.25  # how stale another process's change may be seen (see the module's docstring)
# Raised by every commit of this process that raised a version: the readers forget the versions they read.
RAISED = Generation("slots.versions")


class VersionReader:
    """Reads sites' versions at most every ``READ_EVERY_S``, on a connection of its own per process and thread, in
    autocommit: one statement, without the pool's checkout, liveness ping and rollback (three round trips more on
    PostgreSQL)."""

    def __init__(self, engine, clock=time.monotonic):
        self._engine, self._local, self.clock = engine, threading.local(), clock
        self._read: dict[str, tuple[float, int | None]] = {}  # site -> (when, version)
        self._generation = RAISED.value

    def version(self, site_id: str) -> int | None:
        """The site's slots version; None when there is no such site."""
        tick = self.clock()
        if self._generation != RAISED.value:
            self._read.clear()
            self._generation = RAISED.value
        read = self._read.get(site_id)
        if read is not None and tick - read[0] < READ_EVERY_S:
            return read[1]
        if len(self._read) > 4 * ENTRIES:
            self._read.clear()
        found = self._query(site_id)
        self._read[site_id] = (tick, found)
        return found

    def _query(self, site_id: str) -> int | None:
        """One statement; a broken connection (the database restarted) is replaced once."""
        try:
            return self._connection().execute(VERSION, {"site_id": site_id}).scalar()
        except DBAPIError:
            self._local.held = None
            return self._connection().execute(VERSION, {"site_id": site_id}).scalar()

    def _connection(self):
        held = getattr(self._local, "held", None)
        if held is None or held[0] != os.getpid():  # never a connection inherited through fork
            held = (os.getpid(), self._engine.connect().execution_options(isolation_level="AUTOCOMMIT"))
            self._local.held = held
        return held[1]


def version_reader(extensions: dict) -> VersionReader:
    """This app's reader of versions."""
    reader = extensions.get("slot_versions")
    if reader is None:
        reader = extensions["slot_versions"] = VersionReader(db.engine)
    return reader


def keep(extensions: dict, key: Hashable, result: SiteSlots, now: datetime) -> None:
    """Keep an answer computed at ``now`` for reuse (see the module's docstring for how long)."""
    limit = now + timedelta(seconds=MAX_KEEP_S)
    until = min(result.holds_expire, limit) if result.holds_expire else limit
    kept = _memory(extensions)
    kept[key] = Kept(result, _local_day(result, now), bucket(now), until)
    while len(kept) > ENTRIES:
        kept.popitem(last=False)


def reuse(extensions: dict, key: Hashable, now: datetime) -> SiteSlots | None:
    """The kept answer for ``key`` at ``now``, if it may still be used."""
    kept = _memory(extensions)
    found = kept.get(key)
    if found is None:
        return None
    if now >= found.until or bucket(now) != found.bucket or _local_day(found.result, now) != found.today:
        del kept[key]
        return None
    kept.move_to_end(key)
    return found.result.at(now)


def api_body(extensions: dict, key: Hashable, result: SiteSlots) -> tuple[bytes, str]:
    """The slots call's JSON body and its SHA-256, made once per distinct answer of a kept key (a 14-day answer is
    ~100 kB: serialising and hashing it cost more than the rest of a reused answer)."""
    found = _memory(extensions).get(key)
    shape = (result.slots[0].start if result.slots else None, len(result.slots))
    if found is not None and found.body is not None and found.body[0] == shape:
        return found.body[1], found.body[2]
    body = result.to_api_json().encode()
    digest = hashlib.sha256(body).hexdigest()
    if found is not None:
        found.body = (shape, body, digest)
    return body, digest


def _local_day(result: SiteSlots, now: datetime) -> date:
    return now.astimezone(ZoneInfo(result.timezone)).date()


def _memory(extensions: dict) -> OrderedDict:
    return extensions.setdefault("slot_answers", OrderedDict())


@event.listens_for(Session, "after_flush")
def _availability_changed(session: Session, _context) -> None:
    """A booking, a feed snapshot, a site or an agenda written (an appointment type: every site): the answers that
    read them are outdated, in the same transaction."""
    rows = [*session.new, *session.dirty, *session.deleted]
    if not rows:
        return
    statement = update(SITES).values(slots_version=SITES.c.slots_version + 1)
    if not any(isinstance(row, AppointmentType) for row in rows):
        sites = {row.site_id for row in rows if isinstance(row, (Booking, Agenda))}
        sites |= {row.id for row in rows if isinstance(row, Site) and row not in session.new}
        agendas = {row.agenda_id for row in rows if isinstance(row, FeedSnapshot)}
        if not sites and not agendas:
            return
        statement = statement.where(SITES.c.id.in_(sites) | SITES.c.id.in_(
            select(AGENDAS.c.site_id).where(AGENDAS.c.id.in_(agendas))))
    session.connection().execute(statement)
    RAISED.touched(session)  # after its commit this process reads the versions again (after a rollback too)
