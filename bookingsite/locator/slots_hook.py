"""Hook to the availability feature: the first free slot of a site, when booking provides a cheap way to know it.

The locator must never fail or slow down because booking is absent or busy: any problem gives None and the page
simply shows no slot line. ``bookingsite.booking.snapshots.first_free_slot(site_id, now=…, settings=…)`` is the
agreed entry point; until it exists, nothing is shown.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

log = logging.getLogger("bookingsite.locator")


def first_free_slot(site_id: str, now: datetime, settings: Mapping) -> datetime | None:
    """The start of the site's first free slot (aware), or None when unknown."""
    try:
        from bookingsite.booking.snapshots import first_free_slot as provider
    except ImportError:
        return None
    try:
        found = provider(site_id, now=now, settings=settings)
    except Exception:  # availability is a bonus on this page, never a reason to fail it
        log.warning("first free slot unavailable for %s", site_id, exc_info=True)
        return None
    start = getattr(found, "start", found)
    return start if isinstance(start, datetime) else None
