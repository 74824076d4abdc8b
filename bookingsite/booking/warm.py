"""Free slots computed ahead by the background refresh, for the windows people ask first, when Redis is configured.

A feed read changes its site's slots; the next visitor would pay their computation (146 ms for 10 agendas of
2,000 events, 1.1 s with 20,000: README, Measured figures). The refresh job computes them instead, into the slot
cache shared by every web worker through Redis (``availability.slot_cache``). Without Redis the cache is each
process's own, and the consumer's would serve nobody: nothing is computed ahead. A computation holds until the end
of its 10-minute bucket or the next booking of the site, as any other.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from bookingsite.booking.catalogue import appointment_types
from bookingsite.booking.offer import slot_window
from bookingsite.booking.pages import offered_modalities
from bookingsite.booking.transactions import slots_for
from bookingsite.config import Settings
from bookingsite.extensions import db
from bookingsite.models import Agenda, Site
from bookingsite.models.feeds import FeedSnapshot

API_DAYS = 14  # the slots call's default window (its ``days``)


def sites_read_since(since: datetime) -> list[str]:
    """The sites whose feed snapshots were stored (new intervals) since ``since``."""
    query = (select(Agenda.site_id).join(FeedSnapshot, FeedSnapshot.agenda_id == Agenda.id)
             .where(FeedSnapshot.fetched_at >= since.astimezone(UTC)).distinct())  # stored in UTC
    return sorted(db.session.scalars(query))


def warm_slots(site_ids: Iterable[str], now: datetime, settings: Settings) -> int:
    """Compute the first windows of every type each site offers (the slots call's default, the picker's first week
    for each way of meeting); how many computations. Nothing without Redis."""
    if not settings.redis_url:
        return 0
    kinds = appointment_types(db.session)
    count = 0
    for site in db.session.scalars(select(Site).where(Site.id.in_(list(site_ids)))
                                   .options(joinedload(Site.agendas))).unique():
        for kind in kinds:
            offered = offered_modalities(site, kind)
            if not offered:
                continue
            window = slot_window(now, site.timezone, kind.horizon_days)
            slots_for(site, kind, None, window.today, API_DAYS, now, settings, refresh=False)
            for modality in (None, *offered):
                slots_for(site, kind, modality, window.first, window.days, now, settings, refresh=False)
            count += 2 + len(offered)
    return count
