"""Booking references: short codes a person can read out on the phone (no 0/O, 1/I/L, U/V look-alikes)."""
from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"  # 29 signs: 29**8 ≈ 5e11 codes, guessing one is hopeless
LENGTH = 8
_SEPARATORS = re.compile(r"[\s\-_.]")


def new_reference() -> str:
    """A fresh random reference, e.g. ``K7QX4MZP``."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_reference(text: str | None) -> str | None:
    """The reference as stored, from what a person typed (case, spaces and dashes ignored); None if it cannot be one."""
    if not text:
        return None
    code = _SEPARATORS.sub("", text).upper()
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def display_reference(code: str) -> str:
    """The reference in two groups of four, easier to read out (``K7QX-4MZP``)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == LENGTH else code
