"""The booking as the person's calendar event and its absolute links: the ``.ics`` file of the manage page, and the
same event (UID, SEQUENCE) that messaging attaches to its e-mails.
"""
from __future__ import annotations

from flask_babel import gettext as _

from bookingsite.booking import ics
from bookingsite.booking.reference import display_reference
from bookingsite.booking.tokens import manage_token
from bookingsite.config import Settings
from bookingsite.extensions import current_settings
from bookingsite.models.booking import Booking
from bookingsite.vocabulary import PHONE, VIDEO


def links(booking: Booking, settings: Settings | None = None) -> dict:
    """The person's manage page and calendar file, as absolute addresses (e-mails, API)."""
    settings = settings or current_settings()
    base = settings.base_url.rstrip("/")
    token = manage_token(booking, settings)
    return {"manage_url": f"{base}/booking/manage/{token}", "ics_url": f"{base}/booking/manage/{token}/booking.ics"}


def modality_text(booking: Booking) -> str:
    """Where the appointment happens, in words (already translated)."""
    site = booking.site
    if booking.modality == PHONE:
        return _("By phone: your advisor calls you.")
    if booking.modality == VIDEO:
        return _("By video: your advisor sends you the link before the appointment.")
    return f"{site.name}, {site.address}, {site.postcode} {site.city}"


def person_event(booking: Booking) -> ics.EventData:
    """The event in the person's calendar (texts in their language; call inside ``force_locale``)."""
    urls = links(booking)
    lines = [_("Reference: %(reference)s", reference=display_reference(booking.reference)),
             _(booking.appointment_type.label), modality_text(booking)]
    if booking.status != "cancelled":  # a cancelled appointment is not offered for cancelling
        lines.append(_("To cancel or move it: %(url)s", url=urls["manage_url"]))
    description = "\n".join(lines)
    attendees = (booking.email,) if booking.email else ()
    return ics.EventData(uid=booking.uid, sequence=booking.sequence, start=booking.start, end=booking.end,
                         summary=_("Appointment with your CEP advisor"), cancelled=booking.status == "cancelled",
                         location=modality_text(booking), description=description, url=urls["manage_url"],
                         organizer=current_settings().mail_from, attendees=attendees,
                         created=booking.created_at)
