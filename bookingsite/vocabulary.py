"""The site's shared words (pure, no Flask): modalities, channels, locales, the "near" distance, the notice version.

Every feature imports them from here, so that a value and its label exist once. Labels are msgids (English),
translated where they are shown (``bookingsite.labels``; templates call ``modality_label``, ``channel_label``).
"""
from __future__ import annotations

from bookingsite.messages import N_

# How a person meets the advisor (``Site.modalities``, ``AppointmentType.modalities``, ``Booking.modality``).
SITE, PHONE, VIDEO = "site", "phone", "video"
MODALITIES = (SITE, PHONE, VIDEO)
MODALITY_LABELS = {SITE: N_("On site"), PHONE: N_("By phone"), VIDEO: N_("By video")}

# Where a questionnaire or a booking came from (``Prequal.channel``, ``Booking.channel``). The agent desk records
# "phone" (the person called); a partner's API calls record "widget", as the partner's embedded widget does.
WEB, AGENT_DESK, WIDGET = "web", "phone", "widget"
CHANNELS = (WEB, AGENT_DESK, WIDGET)
CHANNEL_LABELS = {WEB: N_("Web site"), AGENT_DESK: N_("Phone"), WIDGET: N_("Partner widget")}

# The site's languages; the first is the default (French, the catalogue that must be complete).
LOCALES = ("fr", "en")
DEFAULT_LOCALE = LOCALES[0]
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
OPERATORS_LOCALE = "fr"  # operators and their advisors work in French: their feeds and iTIP e-mails

# "A physical site under 30 km" (France compétences' review): the locator's "near" badge, the coverage radius.
NEAR_KM = 30.0

# The privacy notice's version, recorded with each consent; change it when the notice changes.
PRIVACY_NOTICE_VERSION = "2026-12"  # 2026-12: the times that suit you and the service chosen are stored
