"""The advisor gets what the person told the questionnaire in the operator's calendar copy (CalDAV and iTIP share
it): labels, the commune by name, never a code; health and disability answers stay on the site (GDPR art. 9)."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from bookingsite.booking import service
from bookingsite.messaging.notify import operator_event
from bookingsite.prequal.engine import summary
from bookingsite.prequal.loader import current
from bookingsite.prequal.service import record_prequal
from tests.booking.booking_helpers import NOW, book_args, setup_site
from tests.prequal.helpers import answers


def copy_for(**overrides) -> str:
    """The description of the operator's copy of a booking made after these answers."""
    site, _kind = setup_site()
    prequal = record_prequal(answers(**overrides), channel="web", partner_id=None, agent_id=None, locale="fr",
                             now=NOW)
    booking = service.book(**book_args(site, prequal_id=prequal.id))
    with force_locale("fr"):
        return operator_event(booking).description


def test_the_copy_has_the_summary_in_words_and_the_commune_by_name(app):
    text = copy_for(needs=["vae", "training"], times=["evening"])
    assert "Strasbourg (67000)" in text and "67482" not in text  # the commune, not its code
    assert "Obtenir un diplôme grâce à mon expérience (VAE)" in text and "Après 18 h" in text
    assert "vae" not in text.split("\n") and "evening" not in text


@pytest.mark.parametrize("overrides, left_out", [
    ({"disability": "yes"}, "Un handicap vous est-il reconnu"),  # a recognised disability: the whole answer stays
    ({"needs": ["difficulties", "vae"]}, "santé"),  # health among the needs: that need stays, the others go
])
def test_health_and_disability_answers_stay_on_the_site(app, overrides, left_out):
    text = copy_for(**overrides)
    assert left_out not in text
    assert "Strasbourg (67000)" in text


def test_the_site_keeps_the_whole_summary():
    full = summary(current(), answers(disability="yes", needs=["difficulties"]))
    shared = summary(current(), answers(disability="yes", needs=["difficulties"]), shared=True)
    assert {line.question for line in full} - {line.question for line in shared} == {"disability", "needs"}
