"""The transactional outbox: each side effect of a booking change, recorded in the change's own transaction.

A row is written by the messaging subscriber of ``booking_changing`` *before* the booking's commit, so the change
and its messages are committed (or rolled back) together; a task delivers it afterwards, with retries. The row
holds no personal data: the message is built from the booking when it is delivered. A webhook row (kind
"webhook") has its subscription and frozen payload in ``webhook_message`` (``bookingsite.models.webhooks``); one
about a questionnaire has no booking.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bookingsite.extensions import db
from bookingsite.models.booking import Booking, UTCDateTime

# CalDAV write, iTIP to the site, the person's e-mail, the person's SMS, a subscriber's webhook
KINDS = ("caldav", "itip", "mail", "sms", "webhook")
OUTBOX_STATES = ("pending", "sending", "sent", "superseded", "failed")


class OutboxMessage(db.Model):
    """One message to deliver about one change of a booking (its ``sequence`` says which state it announces)."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint("kind IN ('caldav', 'itip', 'mail', 'sms', 'webhook')", name="kind"),
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'superseded', 'failed')", name="status"),
        Index("ix_outbox_message_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # None only for a webhook about a finished questionnaire
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    # confirmed | rescheduled | cancelled | no_show | anonymised | reminder | finished (a questionnaire's webhook)
    change: Mapped[str] = mapped_column(String(12))
    sequence: Mapped[int] = mapped_column(Integer)  # the booking's iTIP SEQUENCE when the change was made
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())  # a delivery in progress, until then
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    booking: Mapped[Booking | None] = relationship(Booking)
