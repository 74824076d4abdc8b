"""Partner API keys: random, shown once, stored as a SHA-256 digest (high-entropy keys need no slow hash).

A partner's *secret* API key is never its *publishable* widget id: the id is in web pages, the key only in the
partner's own systems. New keys start with ``sk_`` so that one pasted where it does not belong is recognised.
"""
from __future__ import annotations

import hashlib
import secrets

SECRET_PREFIXES = ("sk_", "pk_")  # pk_ for keys issued before the widget id existed


def new_api_key() -> str:
    """A fresh random API key."""
    return "sk_" + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def looks_secret(value: str) -> bool:
    """Whether a value has the form of an API key we issue (not to be put in a page)."""
    return value.startswith(SECRET_PREFIXES)
