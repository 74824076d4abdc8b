"""The first free slot of a site, from the availability layer, for the locator's results and site pages.

The locator must never fail or slow down because feeds are down or the database is busy: any problem gives None
and the page simply shows no slot line.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app

from bookingsite.availability.snapshots import first_free_slot as availability_first_slot
from bookingsite.config import Settings

log = logging.getLogger("bookingsite.locator")


CACHE_FOR = timedelta(seconds=60)  # a results page shows ten sites, and the answer changes slowly


def first_free_slot(site_id: str, now: datetime, settings: Settings) -> datetime | None:
    """The start of the site's first free slot (aware), or None when unknown; remembered for a minute."""
    cache = current_app.extensions.setdefault("locator_first_slots", {})  # per app: per database
    cached = cache.get(site_id)
    if cached and now < cached[0] and (cached[1] is None or cached[1] > now):
        return cached[1]
    start = _ask_availability(site_id, now, settings)
    cache[site_id] = (now + CACHE_FOR, start)
    return start


def _ask_availability(site_id: str, now: datetime, settings: Settings) -> datetime | None:
    try:
        found = availability_first_slot(site_id, now=now, settings=settings)
    except Exception:  # availability is a bonus on this page, never a reason to fail it
        log.warning("first free slot unavailable for %s", site_id, exc_info=True)
        return None
    return found.start if found is not None else None
