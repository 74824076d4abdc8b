"""Caps on the slots held on the website at once, so that one client cannot keep a site's times blocked.

A hold keeps a slot for ``BOOKINGSITE_HOLD_MIN`` minutes while the person types, with no contact details yet.
Without a cap, one client could keep every time of a site held by holding again and again. So a browser session
keeps at most ``BOOKINGSITE_MAX_HOLDS_PER_SESSION`` holds and a client address at most
``BOOKINGSITE_MAX_HOLDS_PER_ADDRESS`` (the address cap is the real one: a session is a cookie a client can drop).
A new hold by a session lets go of its earlier holds at the same site: going back to pick another time there never
piles up holds. Holds made and confirmed in one call (API, widget, agent desk) are not capped: they last an instant.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from bookingsite.availability import claims
from bookingsite.booking.errors import TooManyHolds
from bookingsite.config import Settings
from bookingsite.extensions import db
from bookingsite.models.booking import Booking

IPV6_PREFIX = 64  # one subscriber usually gets a whole /64: counting single IPv6 addresses would cap nothing


@dataclass(frozen=True)
class Holder:
    """Who asks for a hold on the website: the keyed hash of its address, and the holds its session made."""

    address: str
    session_holds: tuple[int, ...] = ()


def address_key(address: str | None, secret: str) -> str:
    """A keyed hash of the client's network (IPv4 address, IPv6 /64), so that no address is stored."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        network = address or "unknown"
    else:
        mapped = getattr(ip, "ipv4_mapped", None)
        if mapped is not None:
            network = str(mapped)
        elif ip.version == 6:
            network = str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
        else:
            network = str(ip)
    return hmac.new(secret.encode(), f"hold-address:{network}".encode(), hashlib.sha256).hexdigest()


def _active(now: datetime):
    return (Booking.status == "held") & (Booking.hold_expires_at > now)


def make_room(holder: Holder, site_id: str, now: datetime, settings: Settings) -> None:
    """Under the write lock: let go of the session's earlier holds at this site, then refuse past either cap."""
    own = list(holder.session_holds)
    if own:
        earlier = db.session.scalars(select(Booking).where(
            Booking.id.in_(own), Booking.site_id == site_id, Booking.status == "held")).all()
        for hold in earlier:
            claims.release(hold)
            db.session.delete(hold)
        db.session.flush()
    per_session = settings.max_holds_per_session
    if own and _count(Booking.id.in_(own), now) >= per_session:
        raise TooManyHolds("session", per_session)
    per_address = settings.max_holds_per_address
    if _count(Booking.hold_address == holder.address, now) >= per_address:
        raise TooManyHolds("address", per_address)


def _count(condition, now: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(Booking).where(condition, _active(now))) or 0
