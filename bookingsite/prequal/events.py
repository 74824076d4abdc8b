"""What the pre-qualification announces: a questionnaire was finished (a blinker signal).

Sent once per finished questionnaire, whatever the channel (web, agent desk, widget, API), after its row is
committed; ``prequal_finishing`` is sent inside the write transaction, before its commit, for subscribers that
record what must follow it in that transaction (the webhooks' outbox rows). A feature that must follow each
finished questionnaire subscribes, in ``create_app``, rather than being called by prequal.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from blinker import Namespace
from flask import current_app

signals = Namespace()

prequal_finished = signals.signal("prequal-finished", doc="Keyword ``finished`` (PrequalFinished).")
prequal_finishing = signals.signal(
    "prequal-finishing", doc="A questionnaire is being stored, inside its transaction: keyword ``finished``.")


@dataclass(frozen=True)
class PrequalFinished:
    """A stored, finished questionnaire: its id, channel and the appointment type it recommends (if any)."""

    prequal_id: str
    channel: str
    at: datetime
    appointment_type: str | None


def announce_finished(prequal_id: str, channel: str, at: datetime, appointment_type: str | None) -> None:
    """Tell this app's subscribers that a questionnaire was finished (after its commit)."""
    prequal_finished.send(current_app._get_current_object(),
                          finished=PrequalFinished(prequal_id, channel, at, appointment_type))


def record_finishing(prequal_id: str, channel: str, at: datetime, appointment_type: str | None) -> None:
    """Tell this app's subscribers, *inside* the write transaction, that a questionnaire is being stored."""
    prequal_finishing.send(current_app._get_current_object(),
                           finished=PrequalFinished(prequal_id, channel, at, appointment_type))
