"""Adapter: the optional national address geocoder (BAN, through geopy), off unless ``BOOKINGSITE_GEOCODER=ban``.

It only ever helps: a timeout, an error or no answer gives None and the offline reference data answers instead.
Answers are kept in a small in-process cache so a popular address costs one call per process.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from geopy.exc import GeopyError
from geopy.geocoders import BANFrance

from bookingsite.config import Settings

log = logging.getLogger("bookingsite.locator.geocoder")
CACHE_SIZE = 1024
Point = tuple[float, float, str]  # lat, lon, label


class CachedGeocoder:
    """A geocoding callable with a timeout, a bounded cache of answers and no exception escaping."""

    def __init__(self, backend, timeout: float, size: int = CACHE_SIZE):
        self.backend, self.timeout, self.size = backend, timeout, size
        self._cache: OrderedDict[str, Point | None] = OrderedDict()
        self._lock = Lock()

    def __call__(self, address: str) -> Point | None:
        key = " ".join(address.casefold().split())
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        try:
            location = self.backend.geocode(address, exactly_one=True, timeout=self.timeout)
        except (GeopyError, OSError, ValueError) as exc:  # network down, timeout, bad answer: not cached
            log.warning("geocoder unavailable: %s", type(exc).__name__)
            return None
        point = None if location is None else (float(location.latitude), float(location.longitude),
                                               str(location.address or address)[:120])
        with self._lock:
            self._cache[key] = point
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return point


_INSTANCES: dict[tuple[str, float], CachedGeocoder] = {}


def geocoder_from(settings: Settings, factory: Callable[..., object] = BANFrance) -> CachedGeocoder | None:
    """The configured geocoder (one per process and setting), or None when it is off."""
    kind = (settings.geocoder or "none").lower()
    if kind != "ban":
        return None
    timeout = settings.geocoder_timeout
    key = (kind, timeout)
    if key not in _INSTANCES or factory is not BANFrance:
        instance = CachedGeocoder(factory(user_agent="bookingsite", timeout=timeout), timeout)
        if factory is not BANFrance:
            return instance  # a test double: never shared
        _INSTANCES[key] = instance
    return _INSTANCES[key]
