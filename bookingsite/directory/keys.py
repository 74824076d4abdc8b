"""Partner API keys: random, shown once, stored as a SHA-256 digest (high-entropy keys need no slow hash)."""
from __future__ import annotations

import hashlib
import secrets


def new_api_key() -> str:
    """A fresh random API key."""
    return "pk_" + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
