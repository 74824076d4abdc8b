"""Throughput and p99 latency of every public page and API call under gunicorn, as a share of a bare Flask app.

wrk (2 threads, 32 keep-alive connections, 8 s per URL after 1 s of warm-up) drives each URL of the site and, just
before it, a bare Flask "hello" app under the same gunicorn settings (2 sync workers, production settings, demo
directory, rate limits off), on SQLite and then on PostgreSQL: on a shared machine the load drifts within a run, so
each URL is compared with bare Flask measured next to it. Prints requests/s, p50/p99, bare Flask's requests/s and
the share, and whether each target of issue 19 is met.

The site runs with its default in-process answer cache (``BOOKINGSITE_ANSWER_CACHE_S``, 5 s); ``--answer-cache 0``
measures the app itself, every request running the whole app.

Run: python bench/throughput.py [--url PATH ...] [--duration 8] [--databases sqlite,postgres] [--postgres URL]
                                [--answer-cache SECONDS]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from serve import HELLO_APP, ROOT, SITE_APP, demo_database, free_port, gunicorn, measure, site_env

# Path -> (minimum share of bare Flask's requests/s, maximum p99 in ms). {site} is a demo site near 69001.
TARGETS = {
    "/": (0.60, 100), "/sites/?q=69001": (0.30, 100), "/sites/{site}": (0.40, 100),
    "/api/v1/sites?postcode=69001": (0.60, 100), "/api/v1/communes?q=lyo": (0.70, 100),
    "/api/v1/sites/{site}/slots?days=14": (0.30, 100), "/healthz": (0.60, 100),
}
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def machine() -> str:
    """One line describing where the figures come from."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{os.cpu_count()} CPU ({model}), Python {platform.python_version()}, {platform.system()}"


def first_site(base: str) -> str:
    """The id of the nearest demo site to 69001 (the pages and calls that take a site use it)."""
    with urllib.request.urlopen(f"{base}/api/v1/sites?postcode=69001&limit=1", timeout=10) as response:
        return json.load(response)["sites"][0]["id"]


def read_feeds(env: dict) -> None:
    """Read the demo feeds once the site serves them, as the background refresh does in production."""
    subprocess.run([str(Path(sys.executable).with_name("flask")), "--app", SITE_APP, "feeds", "refresh"],
                   env=env, cwd=ROOT, check=True, capture_output=True, timeout=600)


def run(database: str, postgres: str | None, paths: list[str], duration: float, answer_cache: str | None) -> None:
    """Measure every path on one database, each right after bare Flask (a shared machine's load drifts); print a table."""
    site_port, hello_port = free_port(), free_port()
    base_url = f"http://127.0.0.1:{site_port}"
    with tempfile.TemporaryDirectory(prefix="bs-bench-") as tmp, demo_database(postgres, base_url) as db_url:
        log = Path(tmp) / "gunicorn.log"
        env = site_env(db_url, base_url, tmp)
        if answer_cache is not None:
            env["BOOKINGSITE_ANSWER_CACHE_S"] = answer_cache
        with gunicorn(HELLO_APP, hello_port, log=log) as hello, gunicorn(SITE_APP, site_port, env, log=log) as site:
            read_feeds(env)
            site_id = first_site(site)
            pairs = [(measure(hello, "/", duration=duration), measure(site, path.format(site=site_id),
                                                                     duration=duration)) for path in paths]
    print(f"\n{database}: {'URL':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'bare':>7} {'share':>7}  target")
    for path, (bare, result) in zip(paths, pairs):
        share = result.rps / bare.rps
        verdict = ""
        if path in TARGETS:
            low, p99 = TARGETS[path]
            met = share >= low and result.p99 < p99 and not result.bad
            verdict = f">= {low:.0%}, p99 < {p99} ms: {'met' if met else 'NOT met'}"
        bad = f" ({result.bad} errors/non-2xx)" if result.bad else ""
        print(f"{'':<{len(database) + 2}}{result.url:<44} {result.rps:8.0f} {result.p50:8.1f} {result.p99:8.1f} "
              f"{bare.rps:7.0f} {share:7.1%}  {verdict}{bad}")
    print(f"load average after the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", help="a path to measure (repeatable); default: every target")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per URL (after 1 s of warm-up)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres", default=os.environ.get("BOOKINGSITE_BENCH_POSTGRES", DEFAULT_POSTGRES))
    parser.add_argument("--answer-cache", help="BOOKINGSITE_ANSWER_CACHE_S for the site (default: the site's own)")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    cache = "default" if args.answer_cache is None else f"{args.answer_cache} s"
    print(f"wrk -t2 -c32 -d{args.duration:.0f}s; gunicorn -w 2 (sync); production settings; rate limits off; "
          f"answer cache: {cache}")
    for database in args.databases.split(","):
        run(database, args.postgres if database == "postgres" else None, args.url or list(TARGETS), args.duration,
            args.answer_cache)


if __name__ == "__main__":
    main()
