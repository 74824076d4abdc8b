"""Free slots computed once per change, not per request: a cache keyed by everything the answer depends on.

The key holds each usable agenda's snapshot version (its fetch time and how far it reaches), a digest of the
bookings that take time (the capacity ledger's version for those agendas), the appointment type, the site's hours
and agendas, and the request's window. ``now`` enters only as a 10-minute bucket: the engine runs from the start
of the bucket to its end plus the horizon (a superset of the answer), and each request keeps the slots its exact
``now`` allows (``within``). A changed booking or snapshot therefore changes the key: a stale answer cannot be
served even between processes; the booking events only evict what became useless.

Process memory always (an LRU), plus Redis when ``BOOKINGSITE_REDIS_URL`` is set, shared by every worker.
"""
from __future__ import annotations

import bisect
import hashlib
import logging
import pickle
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime

from bookingsite.availability.slots import Slot

log = logging.getLogger("bookingsite.availability")

BUCKET_S = 600  # how long one computed answer serves (it is filtered to the exact ``now`` on each request)
MEMORY_ENTRIES = 512
REDIS_TTL_S = 3600
REDIS_PREFIX = "bookingsite:slots:"


@dataclass
class Computed:
    """One computation: the slots (a superset for the bucket), their starts for bisection, their JSON rows."""

    slots: list[Slot]
    starts: list[int] = field(default_factory=list)
    rows: list[str] | None = None  # the API's serialised slot objects, made on first use

    def within(self, earliest: int, latest: int) -> list[Slot]:
        """The slots starting in [earliest, latest) (POSIX seconds)."""
        low, high = bisect.bisect_left(self.starts, earliest), bisect.bisect_left(self.starts, latest)
        return self.slots[low:high]


def bucket(now: datetime) -> int:
    """The start of ``now``'s bucket, POSIX seconds."""
    return int(now.timestamp()) // BUCKET_S * BUCKET_S


class SlotCache:
    """An LRU of computed slots in process memory, backed by Redis when a client is given."""

    def __init__(self, redis_client=None, entries: int = MEMORY_ENTRIES):
        self._memory: OrderedDict[Hashable, Computed] = OrderedDict()
        self._sites: dict[str, set[Hashable]] = {}
        self._entries = entries
        self._redis = redis_client

    def get_or_compute(self, site_id: str, key: Hashable, compute: Callable[[], list[Slot]]) -> Computed:
        """The computed slots for ``key``, computing and storing them on a miss."""
        found = self._memory.get(key)
        if found is not None:
            self._memory.move_to_end(key)
            return found
        found = self._from_redis(key)
        if found is None:
            slots = compute()
            found = Computed(slots, [int(s.start.timestamp()) for s in slots])
            self._to_redis(key, found)
        self._remember(site_id, key, found)
        return found

    def invalidate(self, site_id: str) -> None:
        """Forget a site's entries in this process (its bookings changed; Redis entries age out by key)."""
        for key in self._sites.pop(site_id, set()):
            self._memory.pop(key, None)

    def clear(self) -> None:
        """Forget everything held in this process."""
        self._memory.clear()
        self._sites.clear()

    def _remember(self, site_id: str, key: Hashable, found: Computed) -> None:
        self._memory[key] = found
        self._sites.setdefault(site_id, set()).add(key)
        while len(self._memory) > self._entries:
            self._memory.popitem(last=False)

    def _redis_key(self, key: Hashable) -> str:
        return REDIS_PREFIX + hashlib.sha256(repr(key).encode()).hexdigest()

    def _from_redis(self, key: Hashable) -> Computed | None:
        if self._redis is None:
            return None
        try:
            raw = self._redis.get(self._redis_key(key))
        except Exception:  # Redis is a shortcut: when it is down, compute
            log.warning("slot cache: Redis unavailable", exc_info=True)
            return None
        return pickle.loads(raw) if raw else None

    def _to_redis(self, key: Hashable, found: Computed) -> None:
        if self._redis is None:
            return
        try:
            self._redis.set(self._redis_key(key), pickle.dumps(Computed(found.slots, found.starts)), ex=REDIS_TTL_S)
        except Exception:
            log.warning("slot cache: Redis unavailable", exc_info=True)


def cache_for(extensions: dict, redis_url: str | None) -> SlotCache:
    """The application's slot cache (one per app, hence per database), created on first use."""
    cache = extensions.get("slot_cache")
    if cache is None:
        client = None
        if redis_url:
            import redis

            client = redis.Redis.from_url(redis_url, socket_timeout=0.2, socket_connect_timeout=0.2)
        cache = extensions["slot_cache"] = SlotCache(client)
    return cache
