"""The vocabulary's words in the current language (``bookingsite.vocabulary`` keeps them as msgids)."""
from __future__ import annotations

from flask_babel import gettext

from bookingsite.vocabulary import CHANNEL_LABELS, MODALITY_LABELS


def modality_label(modality: str) -> str:
    """A modality in words, in the current language ("On site", "By phone", "By video"); unknown ones as given."""
    return gettext(MODALITY_LABELS[modality]) if modality in MODALITY_LABELS else modality


def channel_label(channel: str) -> str:
    """A channel in words, in the current language; unknown ones as given."""
    return gettext(CHANNEL_LABELS[channel]) if channel in CHANNEL_LABELS else channel
