"""Throughput and latency of the main pages and API calls under gunicorn, against a bare Flask "hello" app.

Both run under the same gunicorn settings (2 sync workers, 127.0.0.1) in the same run on the same machine, driven by
the same load generator (32 concurrent keep-alive clients, bounded by time and count). Prints, for each URL:
requests/s, p50/p95/p99 latency and the ratio of its requests/s to bare Flask's.

Run: python bench/throughput.py [--url PATH ...] [--clients 32] [--duration 5] [--postgres URL]
Targets (issue 3): the locator API at >= 50 % of bare Flask's throughput, p95 < 100 ms at 32 clients.
"""
from __future__ import annotations

import argparse
import os
import platform
import tempfile
from pathlib import Path

from serve import HELLO_APP, SITE_APP, demo_database, free_port, gunicorn, measure, site_env

URLS = ["/", "/sites/?q=69001", "/api/v1/sites?postcode=69001", "/api/v1/communes?q=lyo"]
LOCATOR_API = "/api/v1/sites?postcode=69001"


def machine() -> str:
    """One line describing where the figures come from."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{os.cpu_count()} CPU ({model}), Python {platform.python_version()}, {platform.system()}"


def row(label: str, result, hello_rps: float | None) -> str:
    ratio = f"{result.rps / hello_rps:6.1%}" if hello_rps else "     —"
    codes = ",".join(f"{code}×{n}" for code, n in sorted(result.statuses.items()))
    errors = f" errors={result.errors}" if result.errors else ""
    return (f"{label:<34} {result.rps:8.0f} {result.percentile(50):8.1f} {result.percentile(95):8.1f} "
            f"{result.percentile(99):8.1f} {ratio}  {codes}{errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", help="a path to measure (repeatable); default: the main pages")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per URL (after 1 s of warm-up)")
    parser.add_argument("--max-requests", type=int, default=50_000, help="cap per URL")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", default=os.environ.get("BOOKINGSITE_BENCH_POSTGRES"),
                        help="a PostgreSQL server URL: a fresh database is created there (default: SQLite)")
    args = parser.parse_args()
    urls = args.url or URLS
    site_port, hello_port = free_port(), free_port()
    base_url = f"http://127.0.0.1:{site_port}"
    print(f"machine: {machine()}")
    print(f"gunicorn -w {args.workers} (sync), {args.clients} clients, {args.duration:.0f} s per URL, "
          f"database: {'PostgreSQL' if args.postgres else 'SQLite'}, rate limits off, production settings")
    with tempfile.TemporaryDirectory(prefix="bs-bench-") as tmp, demo_database(args.postgres, base_url) as db_url:
        log = Path(tmp) / "gunicorn.log"
        with gunicorn(HELLO_APP, hello_port, workers=args.workers, log=log) as hello:
            bare = measure(hello, "/", args.clients, args.duration, args.max_requests)
        with gunicorn(SITE_APP, site_port, site_env(db_url, base_url, tmp), args.workers, log) as site:
            results = [measure(site, url, args.clients, args.duration, args.max_requests) for url in urls]
    print(f"\n{'URL':<34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'ratio':>6}  statuses")
    print(row("bare Flask hello (/)", bare, None))
    for result in results:
        print(row(result.url, result, bare.rps))
    for result in results:
        if result.url == LOCATOR_API:
            ok = result.rps >= 0.5 * bare.rps and result.percentile(95) < 100
            print(f"\nlocator API target (>= 50 % of bare Flask, p95 < 100 ms): {'met' if ok else 'not met'}")


if __name__ == "__main__":
    main()
