"""Feed snapshots: the last parsed intervals of each agenda's feed, with what is known of its health."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bookingsite.extensions import db


class FeedSnapshot(db.Model):
    """One row per agenda. ``intervals`` is [[start, end], …] in ISO UTC for [covers_from, covers_until): busy
    time (mode busy) or open windows (mode open), without any summary or attendee."""

    __tablename__ = "feed_snapshot"
    agenda_id: Mapped[str] = mapped_column(ForeignKey("agenda.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | ok | error
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # last attempt (also the claim)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # when ``intervals`` were read
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # last 200 or 304
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error_code: Mapped[str | None] = mapped_column(String(30))
    error: Mapped[str | None] = mapped_column(Text)  # plain words, for the operators' health view
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    events_count: Mapped[int] = mapped_column(Integer, default=0)
    covers_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    covers_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Deferred: requests read the version columns; the (large) intervals are decoded once per snapshot.
    intervals: Mapped[list] = mapped_column(JSON, default=list, deferred=True)
