"""The slots call answered from memory while nothing it shows has changed: one query instead of four.

Every change that may move a site's free slots raises the site's ``slots_version`` in its own transaction (the
flush listener below): a booking written (taken, held, confirmed, moved, cancelled), a feed snapshot stored, the
site or its agendas edited, and any appointment type (every site). A booking's time given back by a bulk delete of
its claims comes with its status written, so the booking's flush raises it too.

An answer is kept under the site's version and the request's query string, and reused until the first of: a new
version, the next hold's expiry (its time comes back), the end of the slot cache's bucket, a new local day, or
``MAX_KEEP_S`` (a feed's freshness is re-read at least that often). Each reuse keeps only the slots its exact
``now`` allows, as a computed answer does. The version lives in the database, so every worker and every server
sees a change at once.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, event, select, update
from sqlalchemy.orm import Session

from bookingsite.availability.slot_cache import bucket
from bookingsite.availability.snapshots import SiteSlots
from bookingsite.extensions import db
from bookingsite.models import Agenda, AppointmentType, Site
from bookingsite.models.booking import Booking
from bookingsite.models.feeds import FeedSnapshot

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


def site_version(site_id: str) -> int | None:
    """The site's slots version (one query); None when there is no such site."""
    return db.session.execute(VERSION, {"site_id": site_id}).scalar()


def keep(extensions: dict, key: Hashable, result: SiteSlots, now: datetime) -> None:
    """Keep an answer computed at ``now`` for reuse (see the module's docstring for how long)."""
    until = min(result.holds_expire or now + timedelta(seconds=MAX_KEEP_S), now + timedelta(seconds=MAX_KEEP_S))
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


def api_body(extensions: dict, key: Hashable, result: SiteSlots) -> tuple[str, str]:
    """The slots call's JSON body and its SHA-256, made once per distinct answer of a kept key (a 14-day answer is
    ~100 kB: serialising and hashing it cost more than the rest of a reused answer)."""
    found = _memory(extensions).get(key)
    shape = (result.slots[0].start if result.slots else None, len(result.slots))
    if found is not None and found.body is not None and found.body[0] == shape:
        return found.body[1], found.body[2]
    body = result.to_api_json()
    digest = hashlib.sha256(body.encode()).hexdigest()
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
