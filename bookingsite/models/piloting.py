"""Piloting: first-slot delays observed when a slot list is shown, and the log of privacy purges (no personal data)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bookingsite.extensions import db
from bookingsite.models.booking import UTCDateTime


class SlotOffer(db.Model):
    """One slot list shown for a site: when, and how far away its first free slot was (None: no slot at all)."""

    __tablename__ = "slot_offer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    first_slot_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delay_minutes: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(10), default="web")


class PurgeLog(db.Model):
    """One run of ``flask privacy purge`` (or one erasure on request): counts only."""

    __tablename__ = "purge_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(10), default="retention")  # retention | request
    cutoff: Mapped[datetime | None] = mapped_column(UTCDateTime)  # appointments ended before it were purged
    bookings: Mapped[int] = mapped_column(Integer, default=0)
