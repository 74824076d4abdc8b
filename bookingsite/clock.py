"""The one place that reads the clock; views pass its value to the pure domain functions."""
from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app


def now() -> datetime:
    """The current instant (UTC, aware); a frozen ``BOOKINGSITE_NOW`` in tests and demos."""
    frozen = current_app.config.get("BOOKINGSITE_NOW")
    if frozen:
        value = datetime.fromisoformat(frozen) if isinstance(frozen, str) else frozen
        return value.astimezone(UTC)
    return datetime.now(UTC)


def wall_now() -> datetime:
    """The real instant, never frozen: for what another machine checks against its own clock (a signature's time)."""
    return datetime.now(UTC)
