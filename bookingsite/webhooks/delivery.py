"""Deliver one webhook: a JSON POST signed per Standard Webhooks, through the private-network guard, logged.

Called by the outbox (``messaging.outbox.deliver``) for its rows of kind "webhook": the outbox claims the row,
retries with back-off and marks it failed after its last attempt. The ``webhook-id`` is the outbox row's own id,
the same on every attempt, so a receiver that got a message twice (a lost answer, a consumer that died after
sending) can tell. The signature's time is the real one even when the site's clock is frozen (a demo): the
receiver checks it against its own clock.
"""
from __future__ import annotations

import json
import time
from datetime import datetime

from standardwebhooks import Webhook

from bookingsite import clock
from bookingsite.config import Settings
from bookingsite.core.outbound import OutboundError, guarded_request
from bookingsite.extensions import db
from bookingsite.models.outbox import OutboxMessage
from bookingsite.models.webhooks import WebhookDelivery, WebhookMessage

MAX_ANSWER_BYTES = 64 * 1024  # a receiver's answer is not read beyond this


class WebhookRefused(Exception):
    """The receiver did not take the webhook (any answer but a 2xx, or no answer); the text says why."""


def webhook_id(row: OutboxMessage) -> str:
    """The ``webhook-id`` header: the outbox row's id, stable across attempts."""
    return f"msg_{row.id}"


def signed_headers(secret: str, msg_id: str, body: str, at: datetime) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt, signed by the reference library."""
    return {"Content-Type": "application/json", "User-Agent": "bookingsite-webhooks",
            "webhook-id": msg_id, "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": Webhook(secret).sign(msg_id, at, body)}


def _post(url: str, headers: dict, body: str, allow_private: bool, settings: Settings) -> tuple[int | None, str | None]:
    """The receiver's status, and why it is a failure in plain words (None when it is a 2xx)."""
    try:
        reply = guarded_request("POST", url, headers=headers, body=body.encode(), timeout=settings.webhook_timeout,
                                max_bytes=MAX_ANSWER_BYTES, allow_private=allow_private)
    except OutboundError as exc:
        return None, exc.reason
    if 200 <= reply.status < 300:
        return reply.status, None
    return reply.status, f"the receiver answered {reply.status} {reply.reason}".strip()[:300]


def send_webhook(row: OutboxMessage, now: datetime, settings: Settings) -> None:
    """POST the row's webhook once and log the attempt (committed); raise WebhookRefused unless a 2xx came back."""
    message = db.session.get(WebhookMessage, row.id)
    subscription, msg_id = message.subscription, webhook_id(row)
    if not subscription.active:
        raise WebhookRefused("the subscription was disabled")
    body = json.dumps(message.payload, separators=(",", ":"), ensure_ascii=False)
    headers = signed_headers(subscription.secret, msg_id, body, clock.wall_now())
    started = time.monotonic()
    status, error = _post(subscription.url, headers, body, subscription.allow_private_network, settings)
    db.session.add(WebhookDelivery(subscription_id=subscription.id, webhook_id=msg_id, event=message.event,
                                   attempted_at=now, status_code=status, error=error,
                                   duration_ms=int((time.monotonic() - started) * 1000)))
    db.session.commit()  # the log keeps the attempt whatever the outbox does with the row next
    if error:
        raise WebhookRefused(error)
