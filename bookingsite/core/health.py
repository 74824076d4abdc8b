"""The features' health summaries (feeds, outbox...): computed by the scheduler every minute and published in the
queue's storage (Redis or the SQLite file every process shares), so that ``/healthz`` only reads them.

Without a running scheduler (development, tests, a consumer that stopped) a published summary is missing or older
than ``PUBLISHED_MAX_AGE``: the health check then computes it itself, as before, and says so (``summary``).
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from huey.api import Huey

from bookingsite.config import Settings

log = logging.getLogger("bookingsite.core.health")

KEY = "health:summaries"
PUBLISHED_MAX_AGE = timedelta(minutes=3)  # three missed runs of the one-minute job: compute here instead

Check = Callable[[datetime, Settings], dict]


def summaries(checks: Mapping[str, Check], now: datetime, settings: Settings, on_error: Callable[[], None]) -> dict:
    """Every feature's summary at ``now``; a broken one reads {"error": "unavailable"} (``on_error`` cleans up)."""
    found = {}
    for name, check in checks.items():
        try:
            found[name] = check(now, settings)
        except Exception:  # a broken summary must not fail the health check itself
            log.exception("health summary %s failed", name)
            on_error()
            found[name] = {"error": "unavailable"}
    return found


def publish(huey: Huey, found: dict, now: datetime) -> None:
    """Store the summaries for every process (the scheduler's job; the storage overwrites the last ones)."""
    huey.storage.put_data(KEY, json.dumps({"at": now.isoformat(), "summaries": found}).encode())


def published(huey: Huey, now: datetime) -> tuple[datetime, dict] | None:
    """The summaries the scheduler published and when, if recent enough; None otherwise (or storage down)."""
    try:
        raw = huey.storage.peek_data(KEY)
    except Exception:  # the queue's storage down: compute here
        log.warning("health summaries: queue storage unavailable", exc_info=True)
        return None
    if not isinstance(raw, bytes):  # huey's EmptyData: nothing published yet
        return None
    document = json.loads(raw)
    at = datetime.fromisoformat(document["at"])
    return (at, document["summaries"]) if now - at <= PUBLISHED_MAX_AGE else None
