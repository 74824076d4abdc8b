"""The transactional outbox: record each side effect of a booking change in its transaction, deliver it later.

``record_messages`` runs inside the booking's write transaction (subscriber of ``booking_changing``): the rows are
committed with the change or not at all. ``deliver`` sends one row, at most once at a time (a compare-and-set claim
with a lease), and retries with exponential back-off; after the last attempt the row is "failed" with its error,
shown to supervisors (piloting) and counted on ``/healthz``. Idempotent: an e-mail keeps its Message-ID on every
attempt, the CalDAV copy is the booking's UID at its SEQUENCE, a webhook its ``webhook-id``, and a row already sent
is never sent again. Webhook rows are recorded by ``bookingsite.webhooks`` and sent by it, through ``deliver``.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select, update

from bookingsite.booking.events import Reach
from bookingsite.config import Settings
from bookingsite.extensions import db
from bookingsite.messaging import notify
from bookingsite.messaging.caldav_writer import CalDavError
from bookingsite.models.booking import Booking
from bookingsite.models.outbox import OutboxMessage
from bookingsite.phones import is_mobile
from bookingsite.webhooks.delivery import send_webhook

log = logging.getLogger("bookingsite.messaging.outbox")
PERSON_KINDS = ("mail", "sms")  # the messages to the person (the others are the operator's copies)
LEASE = timedelta(minutes=10)  # longer than any adapter's timeout: past it, a delivery's consumer is taken as dead
MAX_DELAY = timedelta(hours=6)


def kinds_for(booking: Booking, reach: Reach = None) -> list[str]:
    """The messages a change of this booking calls for: its copies, and the person's channels (``reach`` of them)."""
    kinds = []
    if booking.caldav_status is not None:  # the booking layer marks it "pending" when a calendar is concerned
        kinds.append("caldav")
    if booking.site.booking_email:
        kinds.append("itip")
    if booking.email and (reach is None or "mail" in reach):
        kinds.append("mail")
    if booking.phone and is_mobile(booking.phone) and (reach is None or "sms" in reach):
        kinds.append("sms")
    return kinds


def record_messages(booking_id: int, change: str, at: datetime, reach: Reach = None,
                    kinds: list[str] | None = None) -> list[OutboxMessage]:
    """Add the change's messages (or these ``kinds``) to the session: the caller's transaction commits them."""
    booking = db.session.get(Booking, booking_id)
    rows = [OutboxMessage(booking_id=booking_id, kind=kind, change=change, sequence=booking.sequence, created_at=at,
                          status="pending", attempts=0, next_attempt_at=at)
            for kind in (kinds if kinds is not None else kinds_for(booking, reach))]
    db.session.add_all(rows)
    return rows


def record_anonymised(booking_id: int, has_copy: bool, at: datetime) -> None:
    """In an erasure's or a purge's transaction: rewrite the calendar copy (if any) without the personal data, and
    drop the person's messages still waiting (their address is gone)."""
    db.session.execute(update(OutboxMessage).where(
        OutboxMessage.booking_id == booking_id, OutboxMessage.kind.in_(PERSON_KINDS),
        OutboxMessage.status.in_(("pending", "failed"))).values(status="superseded", claimed_until=None)
        .execution_options(synchronize_session=False))
    if has_copy:
        record_messages(booking_id, "anonymised", at, kinds=["caldav"])


def pending_ids(booking_id: int) -> list[int]:
    """The booking's messages not delivered yet (to enqueue after its commit; webhooks enqueue their own)."""
    return list(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.booking_id == booking_id, OutboxMessage.status == "pending",
        OutboxMessage.kind != "webhook").order_by(OutboxMessage.id)))


def caller_message_state(booking_id: int) -> str | None:
    """Where the latest e-mail or SMS to the person stands ("pending", "sending", "sent"…), None if there is none."""
    return db.session.scalar(select(OutboxMessage.status).where(
        OutboxMessage.booking_id == booking_id, OutboxMessage.kind.in_(PERSON_KINDS))
        .order_by(OutboxMessage.id.desc()).limit(1))


def message_id(row: OutboxMessage) -> str:
    """The e-mail's Message-ID, the same on every attempt: a client that got it twice shows it once."""
    domain = current_app.config["BOOKINGSITE_MAIL_FROM"].rpartition("@")[2] or "bookingsite"
    return f"<outbox-{row.id}.{row.booking_id}.{row.sequence}@{domain}>"


def _claim(row_id: int, now: datetime) -> bool:
    """Take the row for one delivery: due and pending, or left "sending" by a consumer that died (lease over)."""
    due = or_(OutboxMessage.attempts == 0, OutboxMessage.next_attempt_at <= now)
    claimed = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == row_id, or_(
            and_(OutboxMessage.status == "pending", due),
            and_(OutboxMessage.status == "sending", OutboxMessage.claimed_until < now)))
        .values(status="sending", attempts=OutboxMessage.attempts + 1, claimed_until=now + LEASE)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return claimed == 1


def _send(row: OutboxMessage, now: datetime, settings: Settings) -> None:
    booking = row.booking
    if row.kind == "webhook":
        send_webhook(row, now, settings)
    elif row.kind == "caldav":
        if notify.sync_caldav(booking, now) == "error":
            raise CalDavError(booking.caldav_error or "the calendar server refused the copy")
    elif row.kind == "itip":
        notify.mail_operator(booking, row.change, now, message_id(row))
    elif row.kind == "mail" and row.change == "reminder":
        notify.mail_reminder(booking, now, message_id(row))
    elif row.kind == "mail":
        notify.mail_person(booking, row.change, now, message_id(row))
    else:
        notify.sms_person(booking, row.change, now)


def backoff(attempts: int, base_s: float) -> timedelta:
    """The wait before attempt ``attempts + 1``: the base delay, doubled after each failure, six hours at most."""
    base = float(base_s)
    return min(timedelta(seconds=base * 2 ** max(attempts - 1, 0)), MAX_DELAY)


def deliver(row_id: int, now: datetime, settings: Settings) -> str:
    """Deliver one message if it is due and nobody else is; "sent", "retry", "failed", "superseded" or "skipped"."""
    if not _claim(row_id, now):
        return "skipped"
    row = db.session.get(OutboxMessage, row_id, populate_existing=True)
    if row.kind != "webhook" and row.sequence < row.booking.sequence:
        # A later change has its own messages, which carry the booking's current state: this one is out of date.
        # (A webhook announces one event, not the booking's state: each one is delivered.)
        row.status, row.claimed_until = "superseded", None
        db.session.commit()
        return "superseded"
    try:
        _send(row, now, settings)
    except Exception as exc:  # noqa: BLE001 — any adapter failure is retried, then shown to supervisors
        db.session.rollback()
        row = db.session.get(OutboxMessage, row_id, populate_existing=True)
        log.warning("outbox message %s (%s) not delivered: %s", row.id, row.kind, type(exc).__name__)
        return _failed(row, _plain(exc), now, settings)
    row.status, row.delivered_at, row.claimed_until, row.last_error = "sent", now, None, None
    db.session.commit()
    return "sent"


def _plain(exc: Exception) -> str:
    """The error as a supervisor can read it: what refused, then the server's own words (no credentials)."""
    detail = str(exc).strip() or type(exc).__name__
    return detail[:500]


def _failed(row: OutboxMessage, error: str, now: datetime, settings: Settings) -> str:
    row.last_error, row.claimed_until = error, None
    if row.attempts >= settings.outbox_attempts:
        row.status = "failed"
    else:
        row.status, row.next_attempt_at = "pending", now + backoff(row.attempts, settings.outbox_retry_s)
    db.session.commit()
    return "failed" if row.status == "failed" else "retry"


def due_ids(now: datetime, limit: int = 500) -> list[int]:
    """Messages to deliver now: pending and due, or left "sending" by a consumer that died."""
    query = select(OutboxMessage.id).where(or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.claimed_until < now)))
    return list(db.session.scalars(query.order_by(OutboxMessage.id).limit(limit)))


def retry(row_id: int, now: datetime) -> bool:
    """Give a failed message a new round of attempts (the supervisor's "retry" button); False if it is not failed."""
    done = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == row_id, OutboxMessage.status == "failed")
        .values(status="pending", attempts=0, next_attempt_at=now)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return done == 1


def failed_messages(region_code: str | None = None) -> list[OutboxMessage]:
    """The messages given up on, newest first (one region's only, for a regional supervisor)."""
    query = select(OutboxMessage).where(OutboxMessage.status == "failed").order_by(OutboxMessage.id.desc())
    if region_code:
        from bookingsite.models import Site

        # A webhook about a questionnaire has no booking, hence no site: national supervisors see it.
        query = query.join(Booking).join(Site, Site.id == Booking.site_id).where(Site.region_code == region_code)
    return list(db.session.scalars(query.limit(200)))


def outbox_summary(now: datetime, settings: Settings) -> dict[str, int]:
    """How many messages wait, are being sent, and were given up on (for /healthz)."""
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).where(
        OutboxMessage.status.in_(("pending", "sending", "failed"))).group_by(OutboxMessage.status)).all())
    return {state: int(counts.get(state, 0)) for state in ("pending", "sending", "failed")}
