"""Managing subscriptions: add one (its secret returned once), list, disable, rotate the secret, read the log."""
from __future__ import annotations

import base64
import secrets
from datetime import datetime

from sqlalchemy import select, update

from bookingsite.core.outbound import OutboundError, check_url_form
from bookingsite.extensions import db
from bookingsite.models.directory import Operator, Partner
from bookingsite.models.outbox import OutboxMessage
from bookingsite.models.webhooks import WebhookDelivery, WebhookMessage, WebhookSubscription
from bookingsite.webhooks.payloads import EVENTS


class SubscriptionError(ValueError):
    """The subscription cannot be made as asked; the text says why."""


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def parse_events(text: str | None) -> list[str]:
    """``booking.created,booking.moved`` -> the list; every event when empty; SubscriptionError naming an unknown one."""
    events = [e.strip() for e in (text or "").split(",") if e.strip()] or list(EVENTS)
    unknown = [e for e in events if e not in EVENTS]
    if unknown:
        raise SubscriptionError(f"unknown events {', '.join(unknown)}; known: {', '.join(EVENTS)}")
    return list(dict.fromkeys(events))


def add_subscription(url: str, events: list[str], now: datetime, operator_id: str | None = None,
                     partner_id: str | None = None, allow_private_network: bool = False) -> WebhookSubscription:
    """Subscribe one operator's or one partner's URL to ``events``; its ``secret`` is to be shown once."""
    if (operator_id is None) == (partner_id is None):
        raise SubscriptionError("give exactly one owner: an operator or a partner")
    if operator_id is not None and db.session.get(Operator, operator_id) is None:
        raise SubscriptionError(f"no operator has the id {operator_id!r}")
    if partner_id is not None and db.session.get(Partner, partner_id) is None:
        raise SubscriptionError(f"no partner has the id {partner_id!r}")
    try:
        url = check_url_form(url)  # the address itself is checked at each delivery: DNS answers change
    except OutboundError as exc:
        raise SubscriptionError(exc.reason) from exc
    subscription = WebhookSubscription(operator_id=operator_id, partner_id=partner_id, url=url, events=events,
                                       secret=new_secret(), allow_private_network=allow_private_network,
                                       active=True, created_at=now)
    db.session.add(subscription)
    db.session.commit()
    return subscription


def _get(subscription_id: int) -> WebhookSubscription:
    subscription = db.session.get(WebhookSubscription, subscription_id)
    if subscription is None:
        raise SubscriptionError(f"no webhook subscription has the id {subscription_id}")
    return subscription


def all_subscriptions() -> list[WebhookSubscription]:
    """Every subscription, oldest first."""
    return list(db.session.scalars(select(WebhookSubscription).order_by(WebhookSubscription.id)))


def disable(subscription_id: int) -> WebhookSubscription:
    """Stop a subscription: no new events, and its webhooks not sent yet are dropped (marked superseded)."""
    subscription = _get(subscription_id)
    subscription.active = False
    waiting = select(WebhookMessage.outbox_id).where(WebhookMessage.subscription_id == subscription_id)
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(waiting),
                                                   OutboxMessage.status.in_(("pending", "failed")))
                       .values(status="superseded").execution_options(synchronize_session=False))
    db.session.commit()
    return subscription


def rotate(subscription_id: int) -> WebhookSubscription:
    """Give a subscription a new secret (to show once); every webhook sent from now on is signed with it."""
    subscription = _get(subscription_id)
    subscription.secret = new_secret()
    db.session.commit()
    return subscription


def delivery_log(subscription_id: int, limit: int = 50) -> list[WebhookDelivery]:
    """The subscription's latest attempts, newest first."""
    _get(subscription_id)
    return list(db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription_id)
                                   .order_by(WebhookDelivery.id.desc()).limit(limit)))
