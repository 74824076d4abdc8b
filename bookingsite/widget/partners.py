"""Partners as the widget sees them: find one by its publishable widget id, check the origins it may embed from."""
from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from bookingsite.models.directory import Partner

MAX_ID_LENGTH = 64


class InvalidOrigin(ValueError):
    """Not an origin a browser could send: ``scheme://host[:port]`` with http or https only."""


def normalize_origin(value: str) -> str:
    """The origin in the form browsers send it (lower-case, no path, no default port); InvalidOrigin otherwise."""
    try:
        parts = urlsplit((value or "").strip())
        port = parts.port
    except ValueError as exc:  # a port that is not a number
        raise InvalidOrigin(value) from exc
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment or parts.username or parts.password:
        raise InvalidOrigin(value)
    default = 80 if parts.scheme == "http" else 443
    host = parts.hostname.lower()
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def allowed_origins(partner: Partner) -> list[str]:
    """The partner's origins, normalised; anything malformed in the directory is left out rather than trusted."""
    found = []
    for origin in partner.origins or []:
        try:
            found.append(normalize_origin(str(origin)))
        except InvalidOrigin:
            continue
    return found


def parent_origin(candidates: list[str | None], allowed: list[str]) -> str | None:
    """The origin of the first candidate URL (the widget's claim, then the Referer) that is allowed; else None."""
    for candidate in candidates:
        try:
            parts = urlsplit(candidate or "")
            origin = normalize_origin(f"{parts.scheme}://{parts.netloc}")
        except (InvalidOrigin, ValueError):
            continue
        if origin in allowed:
            return origin
    return None


def partner_by_widget_id(session: Session, widget_id: str | None) -> Partner | None:
    """The active partner with this publishable widget id, or None (unknown, inactive, or not a plausible id)."""
    if not widget_id or len(widget_id) > MAX_ID_LENGTH:
        return None
    partner = session.query(Partner).filter_by(widget_id=widget_id).one_or_none()
    return partner if partner is not None and partner.active else None
