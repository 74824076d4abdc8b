"""Who calls the API: the partner of a valid secret key (X-Api-Key), looked up once per request.

The publishable widget id never opens the API: only a key's digest is looked up here. The same lookup names the
rate-limit budget of the call (see ``core.limits.per_key_and_address``).
"""
from __future__ import annotations

from flask import request
from sqlalchemy.orm import Session

from bookingsite.core.limits import per_key_and_address
from bookingsite.directory.keys import hash_api_key
from bookingsite.extensions import db
from bookingsite.models.directory import Partner

MAX_KEY_LENGTH = 200
_UNSET = object()
_FOUND = "bookingsite.api_partner"


def partner_by_api_key(session: Session, key: str | None) -> Partner | None:
    """The active partner holding this secret key, or None (unknown, revoked, inactive, or not a plausible key)."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    partner = session.query(Partner).filter_by(api_key_hash=hash_api_key(key)).one_or_none()
    return partner if partner is not None and partner.active else None


def partner_from_api_key() -> Partner | None:
    """The partner of this request's X-Api-Key (found once per request: the rate limit asks first)."""
    # Kept in the request's own environ, not in ``g``: an app context may outlive one request (tests, CLI).
    found = request.environ.get(_FOUND, _UNSET)
    if found is _UNSET:
        found = request.environ[_FOUND] = partner_by_api_key(db.session, request.headers.get("X-Api-Key"))
    return found


def _partner_id() -> str | None:
    partner = partner_from_api_key()
    return partner.id if partner is not None else None


limited_per_key = per_key_and_address(_partner_id)
