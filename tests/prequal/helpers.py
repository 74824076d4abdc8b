"""Answer builders for the prequal tests."""
from __future__ import annotations

IN_SCOPE = ("employee", "self_employed", "micro_entrepreneur", "company_head")
COMMON_ADVICE = ("prepare", "confidential")


def answers(status: str = "employee", **overrides) -> dict:
    """Complete answers for a status: sensible defaults for every question shown, then the overrides."""
    result: dict = {"status": status}
    if status == "employee":
        result |= {"contract": "permanent", "manager": "no"}
    if status in ("jobseeker", "not_working"):
        result["age"] = "26_or_over"
    if status in IN_SCOPE:
        result |= {"place": "67000", "needs": ["progress"], "deadline": "none", "modality": "site"}
    result.update(overrides)
    return {k: v for k, v in result.items() if v is not None}
