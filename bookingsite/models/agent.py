"""Agent accounts (phone platforms, supervisors, admins) and their append-only audit log."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from bookingsite.extensions import db

ROLES = ("agent", "supervisor", "admin")


class Agent(db.Model):
    """One person who answers calls (or supervises); ``operator_id`` None means a national platform."""

    __tablename__ = "agent"
    # A string id (uuid4), like the ``agent_id`` columns of prequal and booking that point here.
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    email: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(12), default="agent")
    operator_id: Mapped[str | None] = mapped_column(ForeignKey("operator.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    set_password_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    set_password_expiry: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Kept in each session at login and compared on every request: logout, a password reset or deactivation
    # bump it, which ends every session of the account at once (session cookies are signed, not stored).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # Flask-Login's user protocol, written out (no mixin: the id must stay a plain string).
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session."""
        return self.id


class AuditEntry(db.Model):
    """One agent action: who, what, when, on which booking; details never hold personal data."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    agent_id: Mapped[str | None] = mapped_column(ForeignKey("agent.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    booking_reference: Mapped[str | None] = mapped_column(String(32), index=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)


class AuditImmutable(RuntimeError):
    """An audit entry was about to be changed or deleted: the log is append-only."""


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise AuditImmutable("audit entries cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise AuditImmutable("audit entries cannot be deleted")
