"""A completed pre-qualification: answers, questionnaire version, outcome and channel; no personal data."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bookingsite.extensions import db

CHANNELS = ("web", "phone", "widget")


class Prequal(db.Model):
    """One finished questionnaire; the booking refers to it, the piloting view counts it."""

    __tablename__ = "prequal"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # uuid4: unguessable, shown in links
    questionnaire_version: Mapped[str] = mapped_column(String(20))
    # Answers to the questions shown, by id; the place is kept as the commune's INSEE code only.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    scope: Mapped[str] = mapped_column(String(6))  # in | out | choice
    route: Mapped[str] = mapped_column(String(40))
    networks: Mapped[list] = mapped_column(JSON, default=list)
    needs: Mapped[list] = mapped_column(JSON, default=list)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    urgency: Mapped[str | None] = mapped_column(String(40))
    appointment_type: Mapped[str | None] = mapped_column(String(64))
    modality: Mapped[str | None] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10))  # web | phone | widget
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"), index=True)
    agent_id: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(5))
    region_code: Mapped[str | None] = mapped_column(String(3), index=True)
    insee: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
