"""Run every benchmark in bench/ one after the other (``make bench``): each prints its own figures.

The concurrency benchmark needs PostgreSQL (``--postgres`` or BOOKINGSITE_BENCH_POSTGRES; default 127.0.0.1:5432).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {"run_all.py", "serve.py", "hello_app.py"}  # this script and the helpers


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("*.py")):
        if script.name in SKIP:
            continue
        print(f"\n=== {script.name} ===", flush=True)
        if subprocess.run([sys.executable, str(script)], check=False, cwd=HERE.parent).returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
