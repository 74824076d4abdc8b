"""The directory: regions, regional operators, their sites and agendas, appointment types, partners."""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bookingsite.extensions import db
from bookingsite.geo import reference


class Region(db.Model):
    """One of the 18 regions: its name and IANA time zone."""

    __tablename__ = "region"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    timezone: Mapped[str] = mapped_column(String(40))


class Operator(db.Model):
    """The regional CEP operator of a region."""

    __tablename__ = "operator"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(200))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    sites: Mapped[list[Site]] = relationship(back_populates="operator")


class Site(db.Model):
    """A place that receives people (or answers by phone/video), with its hours and closures."""

    __tablename__ = "site"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    operator_id: Mapped[str] = mapped_column(ForeignKey("operator.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    postcode: Mapped[str] = mapped_column(String(5))
    insee: Mapped[str] = mapped_column(String(5))
    city: Mapped[str] = mapped_column(String(120))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    opening_hours: Mapped[str] = mapped_column(String(500))
    modalities: Mapped[list] = mapped_column(JSON, default=list)
    wheelchair: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    access: Mapped[str | None] = mapped_column(Text)
    closures: Mapped[list] = mapped_column(JSON, default=list)
    booking_email: Mapped[str | None] = mapped_column(String(200))
    # Raised by every change to its free slots (availability.slot_answers): kept answers are keyed by it.
    slots_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    operator: Mapped[Operator] = relationship(back_populates="sites")

    @property
    def commune(self):
        """The reference commune the site stands in."""
        return reference().commune(self.insee)

    @property
    def department(self) -> str:
        """The department code (decides the public holidays)."""
        return self.commune.department

    @property
    def region_code(self) -> str:
        """The region code (decides the operator and the time zone)."""
        return self.commune.region

    @property
    def timezone(self) -> str:
        """The IANA time zone the site lives in."""
        return reference().regions[self.region_code].timezone

    agendas: Mapped[list[Agenda]] = relationship(back_populates="site", order_by="Agenda.id")


class Agenda(db.Model):
    """An advisor's or a team's calendar at a site: its feed, mode and capacity."""

    __tablename__ = "agenda"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    feed_url: Mapped[str | None] = mapped_column(String(500))
    mode: Mapped[str] = mapped_column(String(10), default="busy")
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    working_hours: Mapped[str | None] = mapped_column(String(500))
    allow_private_network: Mapped[bool] = mapped_column(Boolean, default=False)
    caldav_url: Mapped[str | None] = mapped_column(String(500))
    site: Mapped[Site] = relationship(back_populates="agendas")


class AppointmentType(db.Model):
    """A kind of appointment: length, buffer, notice, horizon, modalities."""

    __tablename__ = "appointment_type"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    duration_min: Mapped[int] = mapped_column(Integer)
    buffer_min: Mapped[int] = mapped_column(Integer, default=0)
    min_notice_min: Mapped[int] = mapped_column(Integer, default=120)
    horizon_days: Mapped[int] = mapped_column(Integer, default=60)
    modalities: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)


def _partner_id(context) -> str:
    return context.get_current_parameters()["id"]


class Partner(db.Model):
    """An organisation that embeds the widget; bookings through it are attributed to it.

    Two credentials, kept apart: the publishable ``widget_id`` (in the partner's HTML, opens /embed/ only) and
    the secret API key (X-Api-Key), of which only a digest is stored; no key (``None``) means revoked.
    """

    __tablename__ = "partner"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    origins: Mapped[list] = mapped_column(JSON, default=list)
    widget_id: Mapped[str] = mapped_column(String(64), unique=True, default=_partner_id)
    api_key_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    contact_email: Mapped[str | None] = mapped_column(String(200))
