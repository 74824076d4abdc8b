"""Reference data: load time and memory added to a process, and lookup speed by postal code / INSEE code.

Targets (issue 2): lookups well under a millisecond; loading adds under 0.5 s and under 50 MB.
Run: python bench/bench_reference.py
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import timeit

LOAD_PROBE = """
import json, time
def rss():
    with open('/proc/self/status') as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith('VmRSS')) / 1024
import bookingsite.geo.refdata as refdata
before, t = rss(), time.perf_counter()
ref = refdata.reference()
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "mb": rss() - before}))
"""


def measure_load(runs: int = 5) -> tuple[float, float]:
    """Median load time and memory over fresh processes (the import of the module itself is excluded)."""
    samples = [json.loads(subprocess.run([sys.executable, "-c", LOAD_PROBE], capture_output=True, text=True,
                                         check=True).stdout) for _ in range(runs)]
    return statistics.median(s["seconds"] for s in samples), statistics.median(s["mb"] for s in samples)


def measure_lookups() -> dict[str, float]:
    """Median microseconds per call of each lookup."""
    from bookingsite.geo import reference

    ref = reference()
    ref.search("a")  # build the lazy name index before timing
    calls = {
        "postcode 75011": lambda: ref.communes_for_postcode("75011"),
        "postcode 01400 (10 communes)": lambda: ref.communes_for_postcode("01400"),
        "insee 2A004": lambda: ref.commune("2A004"),
        "search 'st etienne'": lambda: ref.search("st etienne", 10),
        "search '690'": lambda: ref.search("690", 10),
    }
    result = {}
    for name, call in calls.items():
        timings = timeit.repeat(call, number=1000, repeat=7)
        result[name] = statistics.median(timings) / 1000 * 1e6
    return result


def main() -> None:
    """Print the figures and their ratio to the targets."""
    seconds, mb = measure_load()
    print(f"load: {seconds * 1000:.0f} ms (target < 500 ms, ratio {seconds / 0.5:.2f}); "
          f"memory +{mb:.1f} MB (target < 50 MB, ratio {mb / 50:.2f})")
    for name, micros in measure_lookups().items():
        print(f"{name:32s} {micros:8.2f} µs per call (target < 1000 µs, ratio {micros / 1000:.4f})")


if __name__ == "__main__":
    main()
