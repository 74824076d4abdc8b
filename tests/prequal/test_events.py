"""``prequal_finished``: sent once per stored questionnaire, whatever the channel; never for refused answers."""
from __future__ import annotations

import pytest

from bookingsite.prequal.engine import InvalidAnswers
from bookingsite.prequal.events import PrequalFinished, prequal_finished
from tests.prequal.helpers import answers
from tests.prequal.test_service import NOW, record


@pytest.fixture
def finished(app):
    """The payloads ``prequal_finished`` sends for this app during the test."""
    payloads = []

    def receiver(sender, finished):
        payloads.append(finished)

    prequal_finished.connect(receiver, sender=app)
    yield payloads
    prequal_finished.disconnect(receiver, sender=app)


@pytest.mark.parametrize("channel", [
    "web",  # the public questionnaire
    "phone",  # the agent desk
])
def test_a_stored_questionnaire_is_announced_once(finished, channel):
    row = record(answers(needs=["vae"], modality="video"), channel=channel)
    assert finished == [PrequalFinished(row.id, channel, NOW, row.appointment_type)]


def test_refused_answers_are_not_announced(finished):
    with pytest.raises(InvalidAnswers):
        record(answers(status="nonsense"))
    assert finished == []
