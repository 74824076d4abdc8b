"""The person's messages about a booking, built from templates: the e-mail (a text and an HTML part rendered from
``messaging/<event>.txt`` and ``.html``) and the short text message, in the current language (call them inside
``force_locale(booking.locale)``).

What each event says: a confirmation, a move and a reminder offer the manage link; a cancellation says so and
offers to book again, never to cancel; on site gives the address and access notes, by phone the number the advisor
calls, by video that the link comes before, never a street address. Every e-mail ends with the regional operator's
name and contact: the privacy notice sends people there to exercise their rights.
"""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import render_template
from flask_babel import gettext as _

from bookingsite.booking.calendar_event import links
from bookingsite.booking.reference import display_reference
from bookingsite.extensions import current_settings
from bookingsite.formats import day_and_time
from bookingsite.models.booking import Booking
from bookingsite.phones import display_phone
from bookingsite.prequal.service import advice_for, particular_advice
from bookingsite.vocabulary import PHONE, VIDEO

EVENTS = ("confirmed", "rescheduled", "cancelled", "reminder")
SMS_MAX = 3 * 153  # characters: three concatenated text messages


@dataclass(frozen=True)
class PersonMail:
    """An e-mail's subject and its two alternatives."""

    subject: str
    text: str
    html: str


def when_text(booking: Booking, locale: str) -> str:
    """« mardi 8 décembre 2026, 10 h » / "Tuesday 8 December 2026, 10:00" in the site's zone and that language."""
    return day_and_time(booking.start.astimezone(ZoneInfo(booking.site.timezone)), locale)


def book_again_url(booking: Booking) -> str:
    """The same site's free slots: where a cancellation sends the person to book another appointment."""
    return f"{current_settings().base_url.rstrip('/')}/booking/start?site={booking.site_id}"


def subject(booking: Booking, event: str) -> str:
    """The e-mail's subject: the event and the reference (``mail.forget_outbox`` finds messages by it)."""
    reference = display_reference(booking.reference)
    return {"confirmed": _("Your CEP appointment is confirmed (%(reference)s)", reference=reference),
            "rescheduled": _("Your CEP appointment has moved (%(reference)s)", reference=reference),
            "cancelled": _("Your CEP appointment is cancelled (%(reference)s)", reference=reference),
            "reminder": _("Reminder: your CEP appointment (%(reference)s)", reference=reference)}[event]


def context(booking: Booking, event: str) -> dict:
    """What the templates show: the booking in words, its links, the site and its operator."""
    site = booking.site
    return {"event": event, "lang": booking.locale, "name": booking.name, "when": when_text(booking, booking.locale),
            "reference": display_reference(booking.reference), "kind": _(booking.appointment_type.label),
            "minutes": booking.appointment_type.duration_min, "modality": booking.modality, "site": site,
            "operator": site.operator, "phone": display_phone(booking.phone) if booking.phone else None,
            "operator_phone": site.operator.phone, "manage_url": links(booking)["manage_url"],
            "book_again_url": book_again_url(booking), "with_calendar_file": event != "reminder",
            "advice": advice_for(booking.prequal_id) if event == "confirmed" else ()}


def render_mail(booking: Booking, event: str) -> PersonMail:
    """The person's e-mail for ``event`` (one of ``EVENTS``)."""
    values = context(booking, event)
    values["subject"] = subject(booking, event)
    return PersonMail(values["subject"], render_template(f"messaging/{event}.txt", **values),
                      render_template(f"messaging/{event}.html", **values))


def sms_place(booking: Booking) -> str:
    """Where, in a few words: the street address on site, how the advisor gets in touch otherwise."""
    if booking.modality == PHONE:
        return _("By phone: your advisor calls you on this number.")
    if booking.modality == VIDEO:
        return _("By video: your advisor sends you the link beforehand.")
    site = booking.site
    return f"{site.name}, {site.address}, {site.postcode} {site.city}."


def sms_text(booking: Booking, event: str) -> str:
    """A short text (under three SMS) for a change or the reminder; a cancellation offers to book again."""
    when, reference = when_text(booking, booking.locale), display_reference(booking.reference)
    if event == "cancelled":
        return " ".join([_("CEP: appointment of %(when)s cancelled, ref. %(reference)s.", when=when, reference=reference),
                         _("Book another: %(url)s", url=book_again_url(booking))])
    first = {
        "confirmed": _("CEP: appointment confirmed on %(when)s, ref. %(reference)s.", when=when, reference=reference),
        "rescheduled": _("CEP: appointment moved to %(when)s, ref. %(reference)s.", when=when, reference=reference),
        "reminder": _("CEP reminder: appointment %(when)s, ref. %(reference)s.", when=when, reference=reference),
    }[event]
    parts = [first, sms_place(booking)]
    if event == "confirmed" and booking.site.operator.phone:
        parts.append(_("Contact: %(operator)s, %(phone)s.", operator=booking.site.operator.name,
                       phone=booking.site.operator.phone))
    parts.append(_("Cancel or move: %(url)s", url=links(booking)["manage_url"]))
    advice = particular_advice(advice_for(booking.prequal_id)) if event == "confirmed" else None
    if advice is not None:  # the short version: its title; the e-mail and the page give the whole advice
        short = _("While you wait: %(advice)s.", advice=_(advice.title))
        if len(" ".join([*parts, short])) <= SMS_MAX:
            parts.append(short)
    return " ".join(parts)
