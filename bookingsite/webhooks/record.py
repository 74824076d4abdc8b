"""Record an event for every active subscription entitled to it: one outbox row each, in the change's transaction.

Who is entitled: a **partner** receives the events of the bookings and questionnaires made through its widget or
its API key (their ``partner_id``); an **operator** receives the events of the bookings at its own sites (whatever
region the person came from) and the questionnaires finished in its region (the place the person gave).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select

from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from bookingsite.models.directory import Operator
from bookingsite.models.outbox import OutboxMessage
from bookingsite.models.prequal import Prequal
from bookingsite.models.webhooks import WebhookMessage, WebhookSubscription
from bookingsite.webhooks.payloads import (
    BOOKING_EVENTS,
    PREQUAL_FINISHED,
    booking_data,
    envelope,
    prequal_data,
)


def subscriptions_for(event: str, operator_ids: list[str], partner_id: str | None) -> list[WebhookSubscription]:
    """The active subscriptions of these owners that asked for ``event``."""
    owners = [WebhookSubscription.operator_id.in_(operator_ids)] if operator_ids else []
    if partner_id:
        owners.append(WebhookSubscription.partner_id == partner_id)
    if not owners:
        return []
    query = select(WebhookSubscription).where(WebhookSubscription.active.is_(True), or_(*owners))
    return [sub for sub in db.session.scalars(query.order_by(WebhookSubscription.id)) if event in sub.events]


def _add(subscriptions: list[WebhookSubscription], event: str, payload: dict, at: datetime, change: str,
         booking: Booking | None = None) -> list[OutboxMessage]:
    rows = []
    for sub in subscriptions:
        row = OutboxMessage(booking_id=booking.id if booking else None, kind="webhook", change=change,
                            sequence=booking.sequence if booking else 0, created_at=at, status="pending",
                            attempts=0, next_attempt_at=at)
        db.session.add_all([row, WebhookMessage(outbox=row, subscription_id=sub.id, event=event, payload=payload)])
        rows.append(row)
    return rows


def record_booking_event(booking_id: int, change: str, at: datetime) -> list[OutboxMessage]:
    """The webhooks of a booking's change, added to the caller's transaction (none for an unknown change)."""
    event = BOOKING_EVENTS.get(change)
    booking = db.session.get(Booking, booking_id)
    if event is None or booking is None:
        return []
    subscriptions = subscriptions_for(event, [booking.site.operator_id], booking.partner_id)
    return _add(subscriptions, event, envelope(event, at, booking_data(booking)), at, change, booking)


def record_prequal_event(prequal_id: str, at: datetime) -> list[OutboxMessage]:
    """The webhooks of a finished questionnaire, added to the caller's transaction."""
    prequal = db.session.get(Prequal, prequal_id)
    if prequal is None:
        return []
    # The operator serving the place the person gave (none when the questionnaire has no place).
    in_region = select(Operator.id).where(Operator.region_code == prequal.region_code)
    operators = list(db.session.scalars(in_region)) if prequal.region_code else []
    subscriptions = subscriptions_for(PREQUAL_FINISHED, operators, prequal.partner_id)
    return _add(subscriptions, PREQUAL_FINISHED, envelope(PREQUAL_FINISHED, at, prequal_data(prequal)), at,
                "finished")


def pending_ids(booking_id: int | None = None, created_at: datetime | None = None) -> list[int]:
    """Webhook rows not delivered yet: a booking's, or those without a booking recorded at ``created_at``."""
    query = select(OutboxMessage.id).where(OutboxMessage.kind == "webhook", OutboxMessage.status == "pending")
    if booking_id is not None:
        query = query.where(OutboxMessage.booking_id == booking_id)
    else:
        query = query.where(OutboxMessage.booking_id.is_(None), OutboxMessage.created_at == created_at)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))
