"""Recording a pre-qualification: validate, resolve the place, compute the outcome, store the row.

Shared by the web flow, the agent desk (channel "phone") and POST /api/v1/prequal.
"""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from bookingsite.extensions import db
from bookingsite.geo import reference
from bookingsite.messages import N_
from bookingsite.models.directory import Partner
from bookingsite.models.prequal import Prequal
from bookingsite.prequal.engine import (
    FieldError,
    InvalidAnswers,
    Outcome,
    SummaryLine,
    effective_answers,
    outcome,
    summary,
    validate_answers,
)
from bookingsite.prequal.events import announce_finished, record_finishing
from bookingsite.prequal.loader import current
from bookingsite.prequal.model import AdviceRule, Questionnaire
from bookingsite.prequal.place import PLACE, Place, PlaceError, resolve_place
from bookingsite.vocabulary import CHANNELS, DEFAULT_LOCALE, LOCALES, WEB


def _check_context(channel: str, partner_id: str | None, locale: str) -> list[FieldError]:
    errors = []
    if channel not in CHANNELS:
        errors.append(FieldError("channel", "invalid_choice", N_("Choose one of the options offered.")))
    if partner_id is not None and db.session.get(Partner, partner_id) is None:
        errors.append(FieldError("partner_id", "unknown_partner", N_("This partner does not exist.")))
    if locale not in LOCALES:
        errors.append(FieldError("locale", "invalid_choice", N_("Choose one of the options offered.")))
    return errors


def start_prequal(channel: str, partner_id: str | None, locale: str, now: datetime,
                  questionnaire: Questionnaire | None = None) -> str:
    """Record that a questionnaire was started (no answers kept yet); returns the id to complete later."""
    if partner_id is not None and db.session.get(Partner, partner_id) is None:
        partner_id = None  # an unknown partner in a link never blocks the person
    row = Prequal(id=str(uuid.uuid4()), questionnaire_version=(questionnaire or current()).version, answers={},
                  channel=channel if channel in CHANNELS else WEB, partner_id=partner_id,
                  locale=locale if locale in LOCALES else DEFAULT_LOCALE, created_at=now, completed_at=None)
    db.session.add(row)
    db.session.commit()
    return row.id


def record_prequal(answers: dict, channel: str, partner_id: str | None, agent_id: str | None, locale: str,
                   now: datetime, started_at: datetime | None = None, place: Place | None = None,
                   questionnaire: Questionnaire | None = None, started_id: str | None = None) -> Prequal:
    """Validate the answers, compute the outcome and store it (completing the row ``started_id`` when given);
    raises InvalidAnswers naming the fields."""
    q = questionnaire or current()
    errors = validate_answers(q, answers) + _check_context(channel, partner_id, locale)
    if errors:
        raise InvalidAnswers(errors)
    kept = effective_answers(q, answers)
    if PLACE in kept and place is None:
        try:
            place = resolve_place(kept[PLACE])
        except PlaceError as exc:
            raise InvalidAnswers([exc.error]) from exc
    if place is not None and PLACE in kept:
        kept[PLACE] = place.insee  # the commune, not what was typed
    result = outcome(q, answers)
    located = place is not None and PLACE in kept
    fields = {
        "questionnaire_version": q.version, "answers": kept, "scope": result.scope, "route": result.route,
        "networks": [n.id for n in result.networks], "needs": list(result.needs), "urgent": result.urgent,
        "urgency": result.urgency, "appointment_type": result.appointment_type, "modality": result.modality,
        "channel": channel, "partner_id": partner_id, "agent_id": agent_id, "locale": locale,
        "region_code": place.region if located else None, "insee": place.insee if located else None,
        "completed_at": now,
    }
    started = db.session.get(Prequal, started_id) if started_id else None
    row = started if started is not None and started.completed_at is None else Prequal(
        id=str(uuid.uuid4()), created_at=started_at or now)
    for name, value in fields.items():
        setattr(row, name, value)
    db.session.add(row)
    db.session.flush()
    record_finishing(row.id, channel, now, row.appointment_type)  # what follows it is committed with it
    db.session.commit()
    announce_finished(row.id, channel, now, row.appointment_type)
    return row


def outcome_of(prequal: Prequal, questionnaire: Questionnaire | None = None) -> Outcome:
    """The outcome of a stored pre-qualification, computed again from its answers (advice included); its summary
    names the commune, never the code that was typed or resolved."""
    found = outcome(questionnaire or current(), prequal.answers)
    return replace(found, summary=_named(prequal, found.summary))


def shared_summary(prequal: Prequal) -> tuple[SummaryLine, ...]:
    """What the operator's copies of a booking say of its questionnaire: the summary, commune by name, without
    health or disability answers (GDPR art. 9: they stay on this site)."""
    return _named(prequal, summary(current(), prequal.answers, shared=True))


def _named(prequal: Prequal, lines: tuple[SummaryLine, ...]) -> tuple[SummaryLine, ...]:
    """The summary with the commune's name and postal code instead of its code."""
    commune = reference().commune(prequal.insee) if prequal.insee else None
    if commune is None:
        return lines
    named = f"{commune.name} ({commune.postcode})"
    return tuple(replace(line, answers=(named,)) if line.question == PLACE else line for line in lines)


CEP = "cep"  # this service, among the networks a person offered a choice may pick


class NotOffered(ValueError):
    """This network was not offered to this person, or no choice was."""

    message = N_("Choose one of the services offered on this page.")  # what every channel says (translated there)


def record_choice(prequal: Prequal, chosen: str, now: datetime) -> None:
    """Record the network a person offered a choice picked: this service (``CEP``) or one of the networks shown;
    the last pick counts. The caller commits."""
    if prequal.scope != "choice" or chosen not in (CEP, *prequal.networks):
        raise NotOffered(chosen)
    prequal.chosen, prequal.chosen_at = chosen, now


def record_booked_here(prequal_id: str | None, now: datetime) -> None:
    """A booking confirmed after a choice is the choice of this service (the last pick counts)."""
    prequal = db.session.get(Prequal, prequal_id) if prequal_id else None
    if prequal is not None and prequal.scope == "choice":
        record_choice(prequal, CEP, now)


TIMES = "times"  # the question of the times that suit the person


def preferred_times(prequal: Prequal | None) -> tuple[str, ...]:
    """The times that suit the person (lunch, evening, Saturday...), as the questionnaire recorded them."""
    return tuple(prequal.answers.get(TIMES) or ()) if prequal is not None else ()


COMMON_ADVICE = ("prepare", "confidential")  # given to everyone: a short message names a more particular one


def advice_for(prequal_id: str | None) -> tuple[AdviceRule, ...]:
    """The advice "while you wait" of a booking's questionnaire (none without one), for every channel."""
    prequal = get_prequal(prequal_id) if prequal_id else None
    return outcome_of(prequal).advice if prequal is not None else ()


def particular_advice(advice: tuple[AdviceRule, ...]) -> AdviceRule | None:
    """The first advice that is not given to everyone (what a text message has room for)."""
    return next((a for a in advice if a.id not in COMMON_ADVICE), None)


def get_prequal(prequal_id: str) -> Prequal | None:
    """The finished pre-qualification with this id, if any (the booking reads it through this)."""
    try:
        uuid.UUID(prequal_id)
    except (ValueError, TypeError, AttributeError):
        return None
    row = db.session.get(Prequal, prequal_id)
    return row if row is not None and row.completed_at is not None else None
