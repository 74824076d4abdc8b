"""Staff login timing: a refused login costs the same whether the account exists or not.

Posts the login form through the Flask test client (SQLite file in a temporary folder, real scrypt hashes) for
each kind of refusal, interleaved, and prints the median time of each and its ratio to the unknown account's.
Run: python bench/bench_login.py [rounds]
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from werkzeug.security import generate_password_hash

from bookingsite import create_app
from bookingsite.extensions import db
from bookingsite.models.agent import Agent
from bookingsite.staff.accounts import HASH_METHOD

PASSWORD = "a long enough password"
CASES = {  # label -> (e-mail typed, password typed)
    "unknown account": ("nobody@example.org", PASSWORD),
    "wrong password": ("known@example.org", "not the password"),
    "account in its delay": ("delayed@example.org", PASSWORD),
    "inactive account": ("inactive@example.org", PASSWORD),
}


def build(folder: Path):
    """An app on a fresh SQLite file with the accounts the cases name."""
    app = create_app({"ENV": "testing", "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{folder}/login.sqlite",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "AGENT_LOCKOUT_AFTER": 10**6, "LOG_LEVEL": "WARNING"})  # wrong passwords never start a delay
    with app.app_context():
        db.create_all()
        hashed = generate_password_hash(PASSWORD, method=HASH_METHOD)
        for email, active, until in (("known@example.org", True, None), ("inactive@example.org", False, None),
                                     ("delayed@example.org", True, datetime.now(UTC) + timedelta(days=1))):
            db.session.add(Agent(email=email, role="agent", active=active, failed_logins=0, session_version=0,
                                 password_hash=hashed, locked_until=until))
        db.session.commit()
    return app, app.test_client()


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    with tempfile.TemporaryDirectory() as folder:
        _app, client = build(Path(folder))
        times: dict[str, list[float]] = {label: [] for label in CASES}
        for _ in range(rounds):
            for label, (email, password) in CASES.items():  # interleaved: drift hits every case alike
                start = time.perf_counter()
                status = client.post("/agent/login", data={"email": email, "password": password}).status_code
                times[label].append(time.perf_counter() - start)
                assert status == 422, (label, status)
    base = statistics.median(times["unknown account"])
    print(f"refused logins, {rounds} rounds, median ms (ratio to an unknown account):")
    print("| case | median ms | ratio |")
    print("|---|---:|---:|")
    for label, values in times.items():
        median = statistics.median(values)
        print(f"| {label} | {median * 1000:.1f} | {median / base:.2f} |")


if __name__ == "__main__":
    main()
