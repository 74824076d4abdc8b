"""The import contracts of docs/architecture.md (pyproject.toml, ``[tool.importlinter]``) hold, and catch a breach.

Both run import-linter's own command in a fresh interpreter, on the ``bookingsite`` package first on its path: the
project's, or a copy of it where one forbidden import was added.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` with the project's contracts, on the ``bookingsite`` package found under ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "300", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", LINT, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          check=False, cwd=root, env=env, capture_output=True, text=True, timeout=120)


def copy_of_package(target: Path) -> Path:
    """The package's Python files under ``target`` (data, templates and caches left out: only imports matter)."""
    def not_python(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n == "__pycache__" or (not n.endswith(".py") and not Path(folder, n).is_dir())]

    shutil.copytree(ROOT / "bookingsite", target / "bookingsite", ignore=not_python)
    return target


def test_the_contracts_hold():
    """Every contract is kept by the code as it is."""
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module, added, contract, reported", [
    # The free-slot engine reads the request: a pure module imports Flask.
    ("availability/slots.py", "from flask import request", "Pure modules", "bookingsite.availability.slots -> flask"),
    # The questionnaire engine reads the clock.
    ("prequal/engine.py", "from bookingsite import clock", "Pure modules",
     "bookingsite.prequal.engine -> bookingsite.clock"),
    # Nearest sites query the database.
    ("locator/nearest.py", "import sqlalchemy", "Pure modules", "bookingsite.locator.nearest -> sqlalchemy"),
    # Booking sends its e-mails itself again instead of announcing the change.
    ("booking/confirm.py", "from bookingsite.messaging import notify", "booking imports none of them",
     "bookingsite.booking.confirm -> bookingsite.messaging.notify"),
    # Booking records a piloting figure itself.
    ("booking/views_book.py", "from bookingsite.piloting.queries import record_slot_offer",
     "booking imports none of them", "bookingsite.booking.views_book -> bookingsite.piloting.queries"),
    # Booking posts its webhooks itself.
    ("booking/confirm.py", "from bookingsite.webhooks import record", "booking imports none of them",
     "bookingsite.booking.confirm -> bookingsite.webhooks.record"),
    # The capacity ledger looks up a booking's reference.
    ("availability/claims.py", "from bookingsite.booking.reference import display_reference",
     "Availability never imports booking", "bookingsite.availability.claims -> bookingsite.booking.reference"),
    # The widget borrows the agent desk's code.
    ("widget/services.py", "from bookingsite.agent import desk_outcome", "Channels never import each other",
     "bookingsite.widget.services -> bookingsite.agent.desk_outcome"),
    # core (below every feature) asks availability for the feeds' health again: a loop and a layer broken.
    ("core/views.py", "from bookingsite.availability.feed_health import freshness_summary", "No import loops",
     ".core -> .availability"),
    # The locator takes the first free slot from booking rather than availability.
    ("locator/slots_hook.py", "from bookingsite.booking import service", "Packages are layered",
     "bookingsite.locator.slots_hook -> bookingsite.booking.service"),
])
def test_a_forbidden_import_is_caught(tmp_path, module, added, contract, reported):
    """One forbidden import added to a copy of the package breaks the contract that forbids it, and says where."""
    root = copy_of_package(tmp_path)
    path = root / "bookingsite" / module
    path.write_text(path.read_text() + f"\n{added}  # noqa\n")
    result = lint_imports(root)
    assert result.returncode == 1, result.stdout + result.stderr
    broken = [line for line in result.stdout.splitlines() if line.endswith(" BROKEN")]
    assert any(contract in line for line in broken), result.stdout
    assert reported in result.stdout
