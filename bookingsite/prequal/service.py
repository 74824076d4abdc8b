"""Recording a pre-qualification: validate, resolve the place, compute the outcome, store the row.

Shared by the web flow, the agent desk (channel "phone") and POST /api/v1/prequal.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from bookingsite.extensions import db
from bookingsite.geo import Commune, normalize, reference
from bookingsite.messages import N_
from bookingsite.models.directory import Partner
from bookingsite.models.prequal import Prequal
from bookingsite.prequal.engine import (
    FieldError,
    InvalidAnswers,
    Outcome,
    effective_answers,
    outcome,
    validate_answers,
)
from bookingsite.prequal.events import announce_finished
from bookingsite.prequal.loader import current
from bookingsite.prequal.model import Questionnaire
from bookingsite.vocabulary import CHANNELS, DEFAULT_LOCALE, LOCALES, WEB

PLACE = "place"
_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """Where the person lives or works, as far as the appointment needs: commune and region."""

    insee: str
    region: str
    label: str  # "Strasbourg (67000)"


class PlaceError(LookupError):
    """The place cannot be resolved to one region; ``candidates`` lists communes to choose from."""

    def __init__(self, error: FieldError, candidates: tuple[Place, ...] = ()):
        super().__init__(error.message)
        self.error = error
        self.candidates = candidates


def _place(commune: Commune) -> Place:
    return Place(commune.insee, commune.region, f"{commune.name} ({commune.postcode})")


def _one_region(communes: list[Commune]) -> Place:
    """The most populous commune when they all share a region; otherwise ask the person to choose one."""
    largest: dict[str, Commune] = {}
    for commune in sorted(communes, key=lambda c: -c.active_population):
        largest.setdefault(commune.region, commune)
    if len(largest) == 1:
        return _place(next(iter(largest.values())))
    # Only the region matters for routing: offer the largest match in each region.
    raise PlaceError(FieldError(PLACE, "ambiguous_place", N_("Several communes match: choose yours.")),
                     tuple(_place(c) for c in list(largest.values())[:8]))


def resolve_place(text: str) -> Place:
    """Turn a postal code, an INSEE code or a commune name into a commune and its region."""
    ref = reference()
    query = (text or "").strip()
    communes = []
    if _CODE.match(query):
        communes = list(ref.communes_for_postcode(query)) or [c for c in [ref.commune(query)] if c]
    elif query:
        found = ref.search(query, limit=20)
        key = normalize(query)
        exact = [c for c in found if key in (normalize(c.name), normalize(c.name_article))]
        # "Lyon" names only its arrondissements ("lyon 3e ..."), all in one region: the largest will do.
        words = [c for c in found if normalize(c.name).startswith(key + " ")]
        communes = exact or words or found
    if not communes:
        raise PlaceError(FieldError(PLACE, "unknown_place",
                                    N_("We could not find this postal code or commune. Check it, or try the other.")))
    return _one_region(communes)


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
    db.session.commit()
    announce_finished(row.id, channel, now, row.appointment_type)
    return row


def outcome_of(prequal: Prequal, questionnaire: Questionnaire | None = None) -> Outcome:
    """The outcome of a stored pre-qualification, computed again from its answers (advice included)."""
    return outcome(questionnaire or current(), prequal.answers)


def get_prequal(prequal_id: str) -> Prequal | None:
    """The finished pre-qualification with this id, if any (the booking reads it through this)."""
    try:
        uuid.UUID(prequal_id)
    except (ValueError, TypeError, AttributeError):
        return None
    row = db.session.get(Prequal, prequal_id)
    return row if row is not None and row.completed_at is not None else None
