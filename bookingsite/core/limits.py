"""Rate limits per client address on search, questionnaire and booking endpoints (Flask-Limiter).

Three budgets, each shared by the endpoints of its kind (a client cannot multiply it by switching page), their
values read from the configuration at each request: ``BOOKINGSITE_RATELIMIT_SEARCH``, ``_FORM`` and ``_BOOKING``.
A view that a feature decorates with its own ``@limiter.limit`` keeps that limit instead (Flask-Limiter: a route's
decorator overrides its blueprint's), e.g. the API's calls that take a key (``per_key_and_address``). Storage is
memory, or Redis when ``BOOKINGSITE_REDIS_URL`` is set (``RATELIMIT_STORAGE_URI`` in config.py). A breach answers 429 through
core/errors.py: the site's error page, or the JSON error under /api/.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Flask, current_app, request
from flask_limiter.util import get_remote_address

from bookingsite.extensions import limiter

SEARCH, FORM, BOOKING = "search", "form", "booking"
SETTING = {SEARCH: "BOOKINGSITE_RATELIMIT_SEARCH", FORM: "BOOKINGSITE_RATELIMIT_FORM",
           BOOKING: "BOOKINGSITE_RATELIMIT_BOOKING"}
READS = frozenset({"GET", "HEAD"})
# Whole blueprints: blueprint -> (budget for reads, budget for writes).
BLUEPRINTS = {
    "locator": (SEARCH, SEARCH),
    "prequal": (FORM, FORM),
    "booking": (SEARCH, BOOKING),  # looking at slots is a search; holding, booking, cancelling is a booking
    "messaging": (SEARCH, SEARCH),  # the operators' feeds (/booking/calendar/…)
}
# Blueprints that mix kinds: (blueprint, methods, URL rule prefix, budget); the first match wins.
ROUTES = [
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
    if blueprint in BLUEPRINTS:
        reads, writes = BLUEPRINTS[blueprint]
        return reads if method in READS else writes
    for name, methods, prefix, budget in ROUTES:
        if blueprint == name and method in methods and (rule or "").startswith(prefix):
            return budget
    return None


def _current_budget() -> str | None:
    rule = request.url_rule.rule if request.url_rule else None
    return budget_for(request.blueprint, request.method, rule)


def _limit_value(budget: str):
    return _setting(SETTING[budget])


def _exempt_unless(budget: str):
    return lambda: _current_budget() != budget


def register(blueprints: dict[str, Blueprint]) -> None:
    """Put the three shared budgets on each limited blueprint, once per process (the limiter is global)."""
    global _registered
    if _registered:
        return
    for name in LIMITED_BLUEPRINTS:
        if name not in blueprints:
            continue
        for budget in SETTING:
            limiter.shared_limit(_limit_value(budget), scope=budget, exempt_when=_exempt_unless(budget))(
                blueprints[name])
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
