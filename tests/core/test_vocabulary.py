"""The shared words: one label per modality and channel, translated in every language the site speaks."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from bookingsite.labels import channel_label, modality_label
from bookingsite.vocabulary import CHANNELS, MODALITIES


@pytest.mark.parametrize("modality, fr, en", [
    ("site", "Sur place", "On site"),  # the locator's filter, the widget's choice, the booking summary (lowered)
    ("phone", "Par téléphone", "By phone"),  # the same words on every page that names a modality
    ("video", "En visio", "By video"),  # ditto
    ("carrier-pigeon", "carrier-pigeon", "carrier-pigeon"),  # an unknown value is shown as stored, never a 500
])
def test_modality_label(app, modality, fr, en):
    with app.test_request_context():
        for locale, expected in (("fr", fr), ("en", en)):
            with force_locale(locale):
                assert modality_label(modality) == expected


def test_every_channel_and_modality_is_translated(app):
    labels = {"modality": (MODALITIES, modality_label), "channel": (CHANNELS, channel_label)}
    with app.test_request_context():
        for values, label in labels.values():
            for value in values:
                with force_locale("fr"):
                    french = label(value)
                with force_locale("en"):
                    english = label(value)
                assert french != english and english != value, value  # a real label, and its French catalogue entry
