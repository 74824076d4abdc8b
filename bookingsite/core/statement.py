"""What the accessibility statement declares (pure): RGAA's compliance status from the last audit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FULL, PARTIAL, NONE = "full", "partial", "none"


@dataclass(frozen=True)
class Compliance:
    """The statement's status and the audit it rests on (None: no audit yet)."""

    status: str
    audit_date: date | None
    rate: float | None
    auditor: str | None


def compliance(audit_date: str | None, rate: float | None, auditor: str | None) -> Compliance:
    """RGAA's rule: without an audit a site is non-compliant; with one, 100 % full, 50 % or more partial."""
    if not audit_date or rate is None:
        return Compliance(NONE, None, None, None)
    status = FULL if rate >= 100 else PARTIAL if rate >= 50 else NONE
    return Compliance(status, date.fromisoformat(audit_date), rate, auditor)
