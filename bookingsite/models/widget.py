"""Widget flows started on partners' sites: the partner page counts them ("questionnaires started")."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bookingsite.extensions import db


class WidgetFlow(db.Model):
    """One visitor's pass through the embedded flow, recorded at its first answer; no personal data."""

    __tablename__ = "widget_flow"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the flow id carried in the signed state
    partner_id: Mapped[str] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
