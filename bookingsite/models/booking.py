"""Bookings made here (the system of record), the claims that make double booking impossible, operator feed tokens.

Never double-booked: a held or confirmed booking inserts one ``agenda_slot_claim`` row per 5-minute cell it covers
(from its start to its end plus the type's buffer) on one capacity unit of its agenda, and the UNIQUE constraint
(agenda_id, unit, start) makes a second claim of the same cell impossible, on SQLite and PostgreSQL alike, inside
the booking's own transaction. Covering every cell (rather than only the start) also refuses overlapping bookings
that start at different times, so no PostgreSQL-only EXCLUDE constraint is needed.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from bookingsite.extensions import db
from bookingsite.folding import fold
from bookingsite.vocabulary import DEFAULT_LOCALE

STATUSES = ("held", "confirmed", "cancelled")
CLAIM_CELL_MIN = 5  # claim granularity: every real grid (15, 30 min…) and every French UTC offset is a multiple


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back aware (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused: pass aware UTC instants")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Booking(db.Model):
    """One appointment: held while the person types, then confirmed (or cancelled). Personal data: name/email/phone."""

    __tablename__ = "booking"
    __table_args__ = (
        CheckConstraint("status IN ('held', 'confirmed', 'cancelled')", name="status"),
        CheckConstraint("modality IN ('site', 'phone', 'video')", name="modality"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"), index=True)
    agenda_id: Mapped[str] = mapped_column(ForeignKey("agenda.id"), index=True)
    appointment_type_id: Mapped[str] = mapped_column(ForeignKey("appointment_type.id"))
    modality: Mapped[str] = mapped_column(String(10))
    start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    unit: Mapped[int] = mapped_column(Integer, default=0)  # which of the agenda's capacity units it takes
    status: Mapped[str] = mapped_column(String(10), index=True)
    hold_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who keeps a hold, to cap holds per client address: a keyed hash of the address (never the address itself),
    # cleared when the hold is confirmed.
    hold_address: Mapped[str | None] = mapped_column(String(64), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    # The name as the desk's search compares it (``folding.fold``: "Gaël" -> "gael"), written with the name by
    # ``_fold_name``; a copy of personal data, blanked with the name. A bulk UPDATE of ``name`` must set it too.
    name_folded: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))  # E.164
    prequal_id: Mapped[str | None] = mapped_column(ForeignKey("prequal.id", ondelete="SET NULL"), index=True)
    channel: Mapped[str] = mapped_column(String(10), default="web")
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"), index=True)
    agent_id: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(5), default=DEFAULT_LOCALE)
    consent_version: Mapped[str | None] = mapped_column(String(20))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    idempotency_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by: Mapped[str | None] = mapped_column(String(20))  # person | agent | partner | operator
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iTIP SEQUENCE, +1 on each change
    caldav_status: Mapped[str | None] = mapped_column(String(10))  # ok | pending | error (None: no CalDAV)
    caldav_error: Mapped[str | None] = mapped_column(Text)
    caldav_href: Mapped[str | None] = mapped_column(String(500))
    caldav_attempts: Mapped[int] = mapped_column(Integer, default=0)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    no_show: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    manage_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # +1 revokes manage links

    site = relationship("Site")
    agenda = relationship("Agenda")
    appointment_type = relationship("AppointmentType")
    claims: Mapped[list[AgendaSlotClaim]] = relationship(back_populates="booking", cascade="all, delete-orphan",
                                                         passive_deletes=True)

    @validates("name")
    def _fold_name(self, _key: str, name: str | None) -> str | None:
        self.name_folded = fold(name) or None
        return name

    @property
    def uid(self) -> str:
        """The iCalendar UID: stable for the booking's whole life (REQUEST, updates and CANCEL)."""
        return f"booking-{self.reference}@bookingsite"

    def is_active(self, now: datetime) -> bool:
        """Whether it takes the slot at ``now``: confirmed, or held and not expired."""
        if self.status == "confirmed":
            return True
        return self.status == "held" and self.hold_expires_at is not None and self.hold_expires_at > now


class AgendaSlotClaim(db.Model):
    """One 5-minute cell of one capacity unit of an agenda, taken by one booking (UNIQUE: never twice)."""

    __tablename__ = "agenda_slot_claim"
    __table_args__ = (UniqueConstraint("agenda_id", "unit", "start", name="uq_agenda_slot_claim_cell"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), index=True)
    agenda_id: Mapped[str] = mapped_column(ForeignKey("agenda.id"))
    unit: Mapped[int] = mapped_column(Integer)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    booking: Mapped[Booking] = relationship(back_populates="claims")


class OperatorFeedToken(db.Model):
    """A secret, revocable address of a private iCal feed of bookings, for one site or a whole operator."""

    __tablename__ = "operator_feed_token"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the secret in the URL
    operator_id: Mapped[str | None] = mapped_column(ForeignKey("operator.id"), index=True)
    site_id: Mapped[str | None] = mapped_column(ForeignKey("site.id"), index=True)
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
