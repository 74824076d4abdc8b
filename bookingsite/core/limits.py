"""Rate limits on search, questionnaire and booking endpoints (Flask-Limiter): what people submit, not pages viewed.

Three budgets, each shared by the endpoints of its kind (a client cannot multiply it by switching page), each counted
twice: per visitor (their session, once they have one) and per client address, higher, because a company, an agency
or a partner's intranet puts many people behind one address. A client that drops its cookie only meets the address
budget. Values are read from the configuration at each request: ``BOOKINGSITE_RATELIMIT_SEARCH``, ``_FORM``,
``_BOOKING`` (per visitor) and the same with ``_ADDRESS`` (per address). Viewing a page (a questionnaire step, the
details form, a confirmation) draws on no budget; answering, searching, holding and booking do.
A view that a feature decorates with its own ``@limiter.limit`` keeps that limit instead (Flask-Limiter: a route's
decorator overrides its blueprint's), e.g. the API's calls that take a key (``per_key_and_address``). Storage is
memory, or Redis when ``BOOKINGSITE_REDIS_URL`` is set (``RATELIMIT_STORAGE_URI`` in config.py). A breach answers 429
through core/errors.py: the site's error page, or the JSON error under /api/.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable

from flask import Blueprint, Flask, current_app, request, session
from flask_limiter.util import get_remote_address

from bookingsite.extensions import limiter

SEARCH, FORM, BOOKING = "search", "form", "booking"
SETTING = {SEARCH: "BOOKINGSITE_RATELIMIT_SEARCH", FORM: "BOOKINGSITE_RATELIMIT_FORM",
           BOOKING: "BOOKINGSITE_RATELIMIT_BOOKING"}
READS = frozenset({"GET", "HEAD"})
# Whole blueprints: blueprint -> (budget for reads, budget for writes); None: not limited.
BLUEPRINTS = {
    "locator": (SEARCH, SEARCH),  # a search is a GET form
    "prequal": (None, FORM),  # the questionnaire's pages are free to view; each answer counts
    "booking": (None, BOOKING),  # holding, booking, cancelling, moving
    "messaging": (SEARCH, SEARCH),  # the operators' feeds (/booking/calendar/…)
}
# Routes with a budget of their own: (blueprint, methods, URL rule prefix, budget); the first match wins, before
# their blueprint's.
ROUTES = [
    ("booking", READS, "/booking/start", SEARCH),  # the sites and slots offered are searches
    ("booking", READS, "/booking/site/", SEARCH),
    ("api", READS, "/api/v1/communes", SEARCH),
    ("api", READS, "/api/v1/sites", SEARCH),  # the list, one site, its slots
    ("api", {"POST"}, "/api/v1/prequal", FORM),
    ("widget", {"POST"}, "/embed/place", SEARCH),
    ("widget", {"POST"}, "/embed/site", SEARCH),
    ("widget", {"POST"}, "/embed/step", FORM),
    ("widget", {"POST"}, "/embed/slot", BOOKING),
    ("widget", {"POST"}, "/embed/book", BOOKING),
]
# Not limited here: the API's calls that take a key have limits of their own (per_key_and_address below).
# Not limited: core pages, the agent desk (a regional platform's agents share one address; failed logins are
# locked out instead), piloting (signed-in staff), the OpenAPI document.
LIMITED_BLUEPRINTS = sorted(set(BLUEPRINTS) | {bp for bp, *_ in ROUTES})
_registered = False


def budget_for(blueprint: str | None, method: str, rule: str | None) -> str | None:
    """Which budget a request draws on (``search``, ``form``, ``booking``), or None when it is not limited."""
    for name, methods, prefix, budget in ROUTES:
        if blueprint == name and method in methods and (rule or "").startswith(prefix):
            return budget
    if blueprint in BLUEPRINTS:
        reads, writes = BLUEPRINTS[blueprint]
        return reads if method in READS else writes
    return None


def _current_budget() -> str | None:
    rule = request.url_rule.rule if request.url_rule else None
    return budget_for(request.blueprint, request.method, rule)


def visitor() -> str:
    """The visitor's own counter: kept in their session (set on their first counted request that has one)."""
    return "visitor:" + session.setdefault("rate_visitor", secrets.token_urlsafe(12))


def _exempt_unless(budget: str, per_visitor: bool = False):
    # A client without a session (no cookie yet, or an embedded page) is counted by its address only.
    if per_visitor:
        return lambda: _current_budget() != budget or not session
    return lambda: _current_budget() != budget


def register(blueprints: dict[str, Blueprint]) -> None:
    """Put the three shared budgets, per visitor and per address, on each limited blueprint, once per process."""
    global _registered
    if _registered:
        return
    for name in LIMITED_BLUEPRINTS:
        if name not in blueprints:
            continue
        for budget, setting in SETTING.items():
            limiter.shared_limit(_setting(setting), scope=budget, key_func=visitor,
                                 exempt_when=_exempt_unless(budget, per_visitor=True))(blueprints[name])
            limiter.shared_limit(_setting(setting + "_ADDRESS"), scope=f"{budget}-address",
                                 key_func=get_remote_address, exempt_when=_exempt_unless(budget))(blueprints[name])
    _registered = True


def init_app(app: Flask) -> None:
    """Apply the limits to the app's registered blueprints (call after they are registered)."""
    register(dict(app.blueprints))


def per_key_and_address(credential: Callable[[], str | None]):
    """Limits for a view that takes a credential: one budget per valid credential (``credential()``, e.g. the
    partner of an API key, so rotating the key does not reset it), one budget per address shared by every
    missing or invalid credential (trying keys gains nothing), and one per address for all calls."""
    def bucket() -> str:
        found = credential()
        return f"key:{found}" if found else f"invalid:{get_remote_address()}"

    per_key = limiter.shared_limit(_setting("BOOKINGSITE_RATELIMIT_API_KEY"), scope="api-key", key_func=bucket)
    per_address = limiter.shared_limit(_setting("BOOKINGSITE_RATELIMIT_API_ADDRESS"), scope="api-address",
                                       key_func=get_remote_address)
    return lambda view: per_address(per_key(view))


def _setting(name: str):
    return lambda: current_app.config[name]
