"""CPU time per request in-process (Flask test client), each URL as a multiple of a bare Flask app's.

Unlike throughput.py this does not need an idle machine: ``time.process_time`` counts only this process's CPU, so
the ratios hold when other work shares the cores. Demo directory on SQLite (or --postgres URL), feeds read once.

Run: python bench/cpu_per_request.py [--requests 500] [--postgres URL] [--profile PATH]
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from serve import LEGAL, demo_database
from throughput import TARGETS


def _cpu_per_request(client, path: str, requests: int) -> float:
    """Mean CPU seconds per GET of ``path`` after a few warm-up requests."""
    for _ in range(5):
        response = client.get(path)
        assert response.status_code < 400, (path, response.status_code)
    start = time.process_time()
    for _ in range(requests):
        client.get(path)
    return (time.process_time() - start) / requests


def _site_app(database_url: str, tmp: str):
    from bookingsite import create_app
    from bookingsite.availability.refresh import refresh_all

    app = create_app({"ENV": "production", "SECRET_KEY": "bench", "DATABASE_URL": database_url, "DEMO": True,
                      "OUTBOX_DIR": str(Path(tmp) / "outbox"), "RATELIMIT_ENABLED": False,
                      "LOG_LEVEL": "WARNING", "FEED_ALLOW_PRIVATE": True, "SMS_SENDER": "memory", **LEGAL})
    with app.app_context():
        _read_demo_feeds(refresh_all)
    return app


def _read_demo_feeds(refresh_all) -> None:
    """Fill every snapshot from the demo calendars without HTTP (the test client serves no socket)."""
    from datetime import UTC, datetime

    from bookingsite.availability import refresh
    from bookingsite.availability.fetch import FetchResult
    from bookingsite.directory.demo_feeds import demo_feed

    def fetch(url, *args, **kwargs):
        agenda_id = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".ics")
        return FetchResult(False, demo_feed(agenda_id, "Europe/Paris", datetime.now(UTC).date()), None, None, url)

    from bookingsite.extensions import current_settings

    real, refresh.fetch_feed = refresh.fetch_feed, fetch
    try:
        refresh_all(datetime.now(UTC), current_settings(), force=True)
    finally:
        refresh.fetch_feed = real


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--url", action="append")
    parser.add_argument("--profile", help="write a cProfile of every URL's loop to PATH.<n>")
    args = parser.parse_args()
    from hello_app import app as hello

    bare = _cpu_per_request(hello.test_client(), "/", args.requests)
    print(f"bare Flask hello: {bare * 1e6:8.0f} µs CPU/request")
    with tempfile.TemporaryDirectory() as tmp, demo_database(args.postgres, "http://localhost") as url:
        app = _site_app(url, tmp)
        client = app.test_client()
        site = client.get("/api/v1/sites?postcode=69001&limit=1").get_json()["sites"][0]["id"]
        for n, path in enumerate(args.url or list(TARGETS)):
            path = path.format(site=site)
            if args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
            cost = _cpu_per_request(client, path, args.requests)
            if args.profile:
                profiler.disable()
                pstats.Stats(profiler).dump_stats(f"{args.profile}.{n}")
            print(f"{path:<44} {cost * 1e6:8.0f} µs CPU/request  {bare / cost:6.1%} of bare Flask")


if __name__ == "__main__":
    main()
