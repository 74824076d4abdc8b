"""Count the calls of a function the code under test looks up by module attribute (computations, not cache hits)."""
from __future__ import annotations


def count_calls(monkeypatch, module, name: str) -> list:
    """Replace ``module.name`` with a wrapper that records each call; the list of calls (one item each)."""
    calls = []
    real = getattr(module, name)

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls
