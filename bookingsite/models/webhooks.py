"""Outgoing webhooks: who subscribed to which events at which URL, the webhook half of outbox rows, the log.

A subscription belongs to exactly one operator or one partner (that decides which events it may receive). Its
secret is kept as the Standard Webhooks ``whsec_…`` string: signing needs the secret itself, so it cannot be
stored as a digest like a partner's API key. Each event for a subscription is one outbox row (kind "webhook")
delivered by the outbox's retries; ``webhook_message`` holds its frozen payload, and ``webhook_delivery`` one line
per attempt (the subscriber's delivery log).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bookingsite.extensions import db
from bookingsite.models.booking import UTCDateTime
from bookingsite.models.outbox import OutboxMessage


class WebhookSubscription(db.Model):
    """An endpoint of an operator or a partner: its URL, the events it wants, its signing secret."""

    __tablename__ = "webhook_subscription"
    __table_args__ = (CheckConstraint("(operator_id IS NULL) <> (partner_id IS NULL)", name="one_owner"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operator_id: Mapped[str | None] = mapped_column(ForeignKey("operator.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    events: Mapped[list] = mapped_column(JSON, default=list)
    secret: Mapped[str] = mapped_column(String(100))  # whsec_ + base64 of 32 random bytes
    allow_private_network: Mapped[bool] = mapped_column(Boolean, default=False)  # as an agenda's, for feeds
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def owner(self) -> str:
        """``operator ID`` or ``partner ID``."""
        return f"operator {self.operator_id}" if self.operator_id else f"partner {self.partner_id}"


class WebhookMessage(db.Model):
    """The webhook half of an outbox row: for which subscription, which event, and the payload as recorded."""

    __tablename__ = "webhook_message"

    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id", ondelete="CASCADE"), primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscription.id", ondelete="CASCADE"),
                                                 index=True)
    event: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict] = mapped_column(JSON)  # frozen when the change is recorded: every attempt sends it as is

    outbox: Mapped[OutboxMessage] = relationship(OutboxMessage)
    subscription: Mapped[WebhookSubscription] = relationship(WebhookSubscription)


class WebhookDelivery(db.Model):
    """One attempt to deliver one webhook: when, the HTTP status or the error in plain words, how long it took."""

    __tablename__ = "webhook_delivery"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscription.id", ondelete="CASCADE"),
                                                 index=True)
    webhook_id: Mapped[str] = mapped_column(String(40))  # the webhook-id header: the same on every attempt
    event: Mapped[str] = mapped_column(String(32))
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer)
