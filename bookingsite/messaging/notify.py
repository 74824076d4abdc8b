"""The messages that follow a booking's change: its copy in the operator's calendar (CalDAV, iTIP e-mail) and the
person's e-mail and SMS. The outbox (``outbox.deliver``) calls them after the commit and retries what fails; the
agent desk calls them one by one to show how each went.
"""
from __future__ import annotations

import logging
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from bookingsite.booking import ics
from bookingsite.booking.calendar_event import modality_text, person_event
from bookingsite.booking.reference import display_reference
from bookingsite.extensions import current_settings, db
from bookingsite.labels import channel_label, modality_label
from bookingsite.messaging import mail, person_mail, sms
from bookingsite.messaging.caldav_writer import CalDavError, CalDavWriter, resource_url
from bookingsite.messaging.person_mail import when_text
from bookingsite.models.booking import Booking
from bookingsite.phones import is_mobile
from bookingsite.prequal.service import get_prequal, shared_summary
from bookingsite.vocabulary import OPERATORS_LOCALE

log = logging.getLogger("bookingsite.messaging.notify")
METHOD = {"confirmed": "REQUEST", "rescheduled": "REQUEST", "cancelled": "CANCEL"}


def operator_event(booking: Booking) -> ics.EventData:
    """The copy in the operator's calendar (CalDAV, iTIP): the advisor needs the contact details to hold it."""
    # Whole sentences, so that French puts its space before the colon; labels, never the stored codes.
    lines = [_("Reference: %(reference)s", reference=display_reference(booking.reference)),
             _(booking.appointment_type.label), _("Modality: %(modality)s", modality=modality_label(booking.modality)),
             _("Channel: %(channel)s", channel=channel_label(booking.channel))]
    lines += [v for v in (booking.name, booking.email, booking.phone) if v]
    if booking.urgent:
        lines.append(_("Urgent need"))
    lines += questionnaire_lines(booking)
    who = booking.name or _("anonymised")
    attendees = (booking.site.booking_email,) if booking.site.booking_email else ()
    return ics.EventData(uid=booking.uid, sequence=booking.sequence, start=booking.start, end=booking.end,
                         summary=f"CEP {display_reference(booking.reference)} – {who} ({modality_label(booking.modality)})",
                         cancelled=booking.status == "cancelled", location=modality_text(booking),
                         description="\n".join(lines), organizer=current_settings().mail_from,
                         attendees=attendees, created=booking.created_at)


def questionnaire_lines(booking: Booking) -> list[str]:
    """What the person told the questionnaire, for the advisor: labels, the commune by name, no health data."""
    prequal = get_prequal(booking.prequal_id) if booking.prequal_id else None
    if prequal is None:
        return []
    lines = [""]
    for line in shared_summary(prequal):
        answers = ", ".join(_(a) if line.translatable else a for a in line.answers)
        lines.append(f"{_(line.label)} {answers}")
    return lines


def sync_caldav(booking: Booking, now: datetime, count: bool = True) -> str | None:
    """Make the operator's CalDAV calendar match the booking (create, replace or remove); its new caldav_status."""
    agenda = booking.agenda
    target = agenda.caldav_url if booking.status == "confirmed" else None
    if target is None and booking.caldav_href is None:
        booking.caldav_status = None if booking.caldav_status != "pending" else "ok"
        db.session.commit()
        return booking.caldav_status
    timeout = current_settings().smtp_timeout
    try:
        if booking.caldav_href and (target is None or resource_url(target, booking.uid) != booking.caldav_href):
            CalDavWriter(_collection_for(booking), timeout).delete(booking.caldav_href)
            booking.caldav_href = None
        if target:
            with force_locale(booking.locale):
                body = ics.calendar([operator_event(booking)], now)
            booking.caldav_href = CalDavWriter(target, timeout).put(booking.uid, body,
                                                                    create=booking.caldav_href is None)
        booking.caldav_status, booking.caldav_error = "ok", None
    except CalDavError as exc:
        booking.caldav_status, booking.caldav_error = "error", str(exc)
    if count:  # the retry job counts its attempt when it claims the booking
        booking.caldav_attempts = (booking.caldav_attempts or 0) + 1
    db.session.commit()
    return booking.caldav_status


def _collection_for(booking: Booking) -> str:
    """The collection URL (with its credentials) an old event lives in: one of the site's agendas, or the href's."""
    for agenda in booking.site.agendas:
        if agenda.caldav_url and resource_url(agenda.caldav_url, booking.uid) == booking.caldav_href:
            return agenda.caldav_url
    return booking.caldav_href.rsplit("/", 1)[0] + "/"


def _send(to: str, content: person_mail.PersonMail, now: datetime, invitation: mail.Attachment | None = None,
          message_id: str | None = None) -> None:
    settings = current_settings()
    message = mail.build_message(settings.mail_from, to, content.subject, content.text, now, invitation,
                                 message_id=message_id, html=content.html or None)
    mail.send(message, settings)


def mail_operator(booking: Booking, change: str, now: datetime, message_id: str | None = None) -> None:
    """iTIP to the site's booking address: REQUEST (new, moved) or CANCEL, same UID, growing SEQUENCE."""
    to = booking.site.booking_email
    if not to:
        return
    method = METHOD[change]
    with force_locale(OPERATORS_LOCALE):  # operators work in French
        event = operator_event(booking)
        subject = {"confirmed": _("New appointment"), "rescheduled": _("Appointment moved"),
                   "cancelled": _("Appointment cancelled")}[change]
        text = f"{subject}\u00a0: {event.summary}\n{when_text(booking, OPERATORS_LOCALE)}\n\n{event.description}\n"
        content = person_mail.PersonMail(f"{subject} – {display_reference(booking.reference)}", text, "")
        _send(to, content, now,
              mail.Attachment(ics.calendar([event], now, method), method, "invitation.ics"), message_id)


def mail_person(booking: Booking, change: str, now: datetime, message_id: str | None = None) -> None:
    """The person's e-mail (text and HTML, from templates) with its .ics (REQUEST/CANCEL, stable UID)."""
    if not booking.email:
        return
    method = METHOD[change]
    with force_locale(booking.locale):
        message = person_mail.render_mail(booking, change)
        event = person_event(booking)
        _send(booking.email, message, now,
              mail.Attachment(ics.calendar([event], now, method), method, "rendez-vous.ics"), message_id)


def sms_person(booking: Booking, change: str, now: datetime) -> None:
    """The person's text message, when they gave a mobile number."""
    if not booking.phone or not is_mobile(booking.phone):
        return
    with force_locale(booking.locale):
        text = person_mail.sms_text(booking, change)
    sms.get_sender(current_settings()).send(booking.phone, text)


def mail_reminder(booking: Booking, now: datetime, message_id: str | None = None) -> None:
    """The day-before reminder e-mail (its text message is ``sms_person(booking, "reminder")``)."""
    if not booking.email:
        return
    with force_locale(booking.locale):
        message = person_mail.render_mail(booking, "reminder")
    _send(booking.email, message, now, message_id=message_id)
