"""Text messages (adapter) through a pluggable sender chosen by ``BOOKINGSITE_SMS_SENDER``.

A sender is any object with ``send(to: str, text: str) -> None`` (``to`` in E.164, e.g. ``+33612345678``) that
raises ``SmsError`` when the message is refused, and never blocks longer than its own timeout. Plug a real
gateway in with ``BOOKINGSITE_SMS_SENDER=package.module:factory`` where ``factory(settings)`` returns the sender
(``settings``: the site's ``bookingsite.config.Settings``; build the HTTP client there, from your own settings); ``log`` (the default, refused in production) logs that a
message went to the masked number, never its text (it carries manage links); ``memory`` keeps them in
``MemorySender.sent`` (tests, demos).
"""
from __future__ import annotations

import importlib
import logging
from typing import ClassVar, Protocol

from bookingsite.config import Settings

log = logging.getLogger("bookingsite.messaging.sms")


class SmsError(Exception):
    """The gateway refused or could not take the message."""


class SmsSender(Protocol):
    """What a gateway adapter offers."""

    def send(self, to: str, text: str) -> None:
        """Send ``text`` to the E.164 number ``to``; ``SmsError`` if it cannot."""


def mask(number: str) -> str:
    """The number as logs may show it: country code and last two digits only (``+33*******78``)."""
    if len(number) <= 5:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 5) + number[-2:]


class LogSender:
    """Logs that a message would have been sent, without its text (development, demo; refused in production)."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def send(self, to: str, text: str) -> None:
        # The text is a secret: its manage link lets anyone cancel or move the booking.
        log.info("sms to %s: %d characters (text not logged)", mask(to), len(text))


class MemorySender:
    """Keeps messages in memory (class-wide list), for tests."""

    sent: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, settings: Settings | None = None):
        self.settings = settings

    def send(self, to: str, text: str) -> None:
        MemorySender.sent.append((to, text))


BUILT_IN = {"log": LogSender, "memory": MemorySender}


def get_sender(settings: Settings) -> SmsSender:
    """The sender ``BOOKINGSITE_SMS_SENDER`` names: ``log``, ``memory`` or ``module:factory``."""
    name = settings.sms_sender or "log"
    if name in BUILT_IN:
        return BUILT_IN[name](settings)
    module, _, attr = name.partition(":")
    if not attr:
        raise ValueError(f"BOOKINGSITE_SMS_SENDER must be log, memory or module:factory, not {name!r}")
    return getattr(importlib.import_module(module), attr)(settings)
