"""Outgoing e-mail (adapter): stdlib ``email`` messages sent by ``smtplib`` with a timeout, or written to the outbox.

Settings (``BOOKINGSITE_``): SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_STARTTLS, SMTP_TIMEOUT, MAIL_FROM.
Without SMTP_HOST (demo, development) each message is written as an ``.eml`` file to OUTBOX_DIR; when a person's
data is erased or purged, ``forget_outbox`` deletes the files about their bookings.
"""
from __future__ import annotations

import logging
import re
import smtplib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import format_datetime, make_msgid
from pathlib import Path

from bookingsite.config import Settings

log = logging.getLogger("bookingsite.messaging.mail")


class MailError(Exception):
    """The message could not be handed to the mail server (or written to the outbox)."""


@dataclass(frozen=True)
class Attachment:
    """An iCalendar part: sent inline as ``text/calendar; method=…`` (iTIP) and as a named ``.ics`` file."""

    ics: bytes
    method: str
    filename: str = "invitation.ics"


def build_message(sender: str, to: str, subject: str, text: str, when, invitation: Attachment | None = None,
                  reply_to: str | None = None, message_id: str | None = None, html: str | None = None) -> EmailMessage:
    """A plain-text message (with ``html``: text and HTML alternatives), and the invitation as a calendar part
    clients offer to add (iTIP).

    ``message_id``: the outbox's, the same on every attempt, so that a message sent twice is shown once.
    """
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = message_id or make_msgid(domain=sender.rpartition("@")[2] or "bookingsite")
    message["Auto-Submitted"] = "auto-generated"
    if reply_to:
        message["Reply-To"] = reply_to
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if invitation is not None:
        # Inline part: what Outlook, Gmail and Thunderbird read as an invitation; the file: for everyone else.
        message.add_alternative(invitation.ics, maintype="text", subtype="calendar",
                                params={"method": invitation.method, "charset": "utf-8"})
        message.add_attachment(invitation.ics, maintype="application", subtype="ics",
                               filename=invitation.filename)
    return message


def send(message: EmailMessage, settings: Settings) -> None:
    """Hand the message to the SMTP server, or write it to the outbox; ``MailError`` if it cannot."""
    try:
        if settings.smtp_host:
            _smtp(message, settings)
        else:
            _outbox(message, Path(settings.outbox_dir))
    except (OSError, smtplib.SMTPException) as exc:
        # The log keeps why, never who: no address in it.
        log.warning("mail not sent: %s", type(exc).__name__)
        raise MailError(str(exc)) from exc


def _smtp(message: EmailMessage, settings: Settings) -> None:
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port or 25, timeout=settings.smtp_timeout) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)


def _outbox(message: EmailMessage, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.eml"
    path.write_bytes(bytes(message))


# A booking reference as subjects show it ("K7QX-4MZP", booking.reference.display_reference).
_SHOWN_REFERENCE = re.compile(r"\b([A-Z2-9]{4})-([A-Z2-9]{4})\b")


def forget_outbox(folder: Path, references: Iterable[str], addresses: Iterable[str] = ()) -> int:
    """Delete the outbox messages about these bookings or sent to these addresses; how many were deleted.

    Every message the site sends about a booking shows its reference in the subject (messaging/notify.py), so
    the headers are enough: the bodies (which hold the name, the phone) are never parsed.
    """
    wanted, to = set(references), {a.lower() for a in addresses if a}
    if not folder.is_dir() or not (wanted or to):
        return 0
    parser, deleted = BytesHeaderParser(policy=policy.default), 0
    for path in folder.glob("*.eml"):
        with path.open("rb") as handle:
            headers = parser.parse(handle)
        shown = {a + b for a, b in _SHOWN_REFERENCE.findall(str(headers.get("Subject", "")))}
        recipients = {str(a.addr_spec).lower() for a in getattr(headers.get("To"), "addresses", ())}
        if shown & wanted or recipients & to:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
