"""A pre-qualification: answers, questionnaire version, outcome and channel; no personal data.

A row is written when the person gives a first answer (``completed_at`` empty: started) and completed in place
when they finish, so the piloting figures can tell started from finished questionnaires."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bookingsite.extensions import db


class Prequal(db.Model):
    """One questionnaire, started or finished; the booking refers to finished ones, the piloting view counts both."""

    __tablename__ = "prequal"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # uuid4: unguessable, shown in links
    questionnaire_version: Mapped[str] = mapped_column(String(20))
    # Answers to the questions shown, by id; the place is kept as the commune's INSEE code only.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    scope: Mapped[str | None] = mapped_column(String(6))  # in | out | choice; empty while unfinished
    route: Mapped[str | None] = mapped_column(String(40))
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
    # Offered a choice (scope "choice"): the network picked, "cep" for this service (booking here counts), and when.
    chosen: Mapped[str | None] = mapped_column(String(40))
    chosen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
