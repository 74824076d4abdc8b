"""The task queue (huey): its storage chosen by the settings, and how a layer enqueues a task by name.

SQLite storage in the instance folder by default (nothing else to run), Redis storage when ``BOOKINGSITE_REDIS_URL``
is set (the site and any number of consumers on other machines share it). ``create_app`` builds one queue per
application and registers the tasks (``bookingsite.jobs``); a layer that wants work done later calls
``enqueue("name", ...)`` without importing the layer that does it.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from flask import current_app
from huey import RedisHuey, SqliteHuey
from huey.api import Huey

log = logging.getLogger("bookingsite.core.queue")


def make_queue(settings: Mapping, instance_path: str) -> Huey:
    """The application's huey: Redis when a Redis URL is set, else a SQLite file; immediate mode runs tasks inline."""
    name = str(settings.get("BOOKINGSITE_QUEUE_NAME") or "bookingsite")
    immediate = bool(settings.get("BOOKINGSITE_QUEUE_IMMEDIATE"))
    redis_url = settings.get("BOOKINGSITE_REDIS_URL")
    if redis_url:
        return RedisHuey(name, url=redis_url, immediate=immediate, utc=True)
    path = settings.get("BOOKINGSITE_QUEUE_SQLITE_PATH") or str(Path(instance_path) / "jobs.sqlite")
    return SqliteHuey(name, filename=path, immediate=immediate, utc=True)


def enqueue(name: str, *args, delay: float | None = None) -> bool:
    """Run the task ``name`` later (after ``delay`` seconds); False (logged) when the queue cannot take it.

    A queue that is down loses nothing: what the task would do is recorded in the database first, and a
    periodic sweep picks it up.
    """
    task = current_app.extensions["jobs"][name]
    try:
        if delay:
            task.schedule(args=args, delay=delay)
        else:
            task(*args)
        return True
    except Exception:  # the queue's storage is down: the periodic sweep will catch up
        log.exception("task %s not enqueued", name)
        return False
