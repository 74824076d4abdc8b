"""The embedded flow's state, carried in the page itself (signed), never in a cookie.

Why not the session: inside a partner's page the frame is a third-party context, and browsers that block
third-party cookies would drop the session cookie between two steps. So every form of the flow carries a hidden
``state`` field (the answers, place, site, slot, partner and flow id, signed with the app's secret, time-limited)
and a per-flow ``csrf`` token; these views are exempt from Flask-WTF's cookie-bound CSRF check and check these
two instead. A forged cross-site POST gains nothing: the flow holds no ambient credential (no cookie, no login),
so an attacker could only replay a form this site issued to the attacker itself.
"""
from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, replace

from itsdangerous import BadSignature, URLSafeTimedSerializer

from bookingsite.vocabulary import DEFAULT_LOCALE

STATE_SALT = "bookingsite.widget.state"
CSRF_SALT = "bookingsite.widget.csrf"
MAX_AGE_S = 2 * 60 * 60  # as long as a site session: the flow takes minutes


class InvalidState(ValueError):
    """The state or its CSRF token is missing, altered, expired or from another flow."""


@dataclass(frozen=True)
class FlowState:
    """Everything the flow knows between two pages; no personal data (contact details are never stored here)."""

    flow: str
    partner: str
    lang: str = DEFAULT_LOCALE
    origin: str | None = None  # the partner page's origin, the only target of postMessage
    postcode: str = ""
    place: dict | None = None  # {"insee", "region", "label"}
    site: str | None = None
    region: str | None = None  # another region whose sites the person chose to see (the offer's rule)
    answers: dict = field(default_factory=dict)
    started: str | None = None  # ISO instant of the first answer
    prequal: str | None = None
    slot: dict | None = None  # {"start": ISO, "modality"}

    def but(self, **changes) -> FlowState:
        """A copy with these fields changed."""
        return replace(self, **changes)


def new_state(partner_id: str, lang: str, origin: str | None, postcode: str = "", region: str | None = None
              ) -> FlowState:
    """A fresh flow for this partner."""
    return FlowState(flow=str(uuid.uuid4()), partner=partner_id, lang=lang, origin=origin, postcode=postcode,
                     region=region)


def sign_state(state: FlowState, secret: str) -> str:
    """The state as a URL-safe signed (and compressed) string."""
    return URLSafeTimedSerializer(secret, salt=STATE_SALT).dumps(asdict(state))


def csrf_token(state: FlowState, secret: str) -> str:
    """The flow's CSRF token: its id, signed with a salt of its own."""
    return URLSafeTimedSerializer(secret, salt=CSRF_SALT).dumps(state.flow)


def load_state(token: str | None, secret: str, max_age: int = MAX_AGE_S) -> FlowState:
    """The state from a signed string; InvalidState when missing, altered, expired or malformed."""
    try:
        data = URLSafeTimedSerializer(secret, salt=STATE_SALT).loads(token or "", max_age=max_age)
        return FlowState(**data)
    except (BadSignature, TypeError) as exc:
        raise InvalidState("state") from exc


def check_csrf(state: FlowState, token: str | None, secret: str, max_age: int = MAX_AGE_S) -> None:
    """Raise InvalidState unless ``token`` is this flow's CSRF token."""
    try:
        flow = URLSafeTimedSerializer(secret, salt=CSRF_SALT).loads(token or "", max_age=max_age)
    except BadSignature as exc:
        raise InvalidState("csrf") from exc
    if flow != state.flow:
        raise InvalidState("csrf")
