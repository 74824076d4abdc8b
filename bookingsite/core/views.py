"""Home page, language switch, brand stylesheet, static information pages and the health check."""
from __future__ import annotations

from time import monotonic

from flask import Response, current_app, jsonify, redirect, render_template, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import text

from bookingsite import clock
from bookingsite.core import health
from bookingsite.core.blueprint import bp
from bookingsite.core.http_cache import PAGE_S, REFERENCE_S, cacheable
from bookingsite.core.i18n import LOCALES, safe_next
from bookingsite.core.page_cache import cached_page
from bookingsite.core.statement import FULL, NONE, PARTIAL, Compliance, compliance
from bookingsite.extensions import current_settings, db
from bookingsite.formats import long_date, number


@bp.get("/")
@cacheable(PAGE_S)
def home():
    """The national home page: find a site, or start the questionnaire (rendered once per language and URL)."""
    return cached_page("home", lambda: render_template("core/home.html"))


@bp.get("/about-cep")
@cacheable(PAGE_S)
def about_cep():
    """What career advice (CEP) is: free, confidential, what for, its three levels, who provides it."""
    return cached_page("about_cep", lambda: render_template("core/about_cep.html"))


@bp.get("/language/<code>")
def language(code: str):
    """Remember the chosen language and go back where the visitor was."""
    if code in LOCALES:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next")))


@bp.get("/brand.css")
def brand_css():
    """The configurable brand colours as CSS custom properties (no inline style: the CSP forbids it)."""
    settings = current_settings()
    css = f":root{{--brand:{_css_color(settings.brand_color)};--accent:{_css_color(settings.brand_accent)};}}\n"
    response = Response(css, mimetype="text/css")
    response.cache_control.max_age = 3600
    return response


def _css_color(value: str) -> str:
    """Only a #rgb/#rrggbb colour passes into the stylesheet."""
    value = value.strip()
    ok = value.startswith("#") and len(value) in (4, 7) and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    return value if ok else "#000091"


# The statement's status, in RGAA's words: the footer of every page says it too.
STATUS_SENTENCES = {
    FULL: _l("This site is fully compliant with the RGAA 4.1 accessibility framework."),
    PARTIAL: _l("This site is partially compliant with the RGAA 4.1 accessibility framework."),
    NONE: _l("This site is non-compliant with the RGAA 4.1 accessibility framework."),
}
STATUS_LINKS = {FULL: _l("Accessibility: fully compliant"), PARTIAL: _l("Accessibility: partially compliant"),
                NONE: _l("Accessibility: non-compliant")}


def site_compliance() -> Compliance:
    """The status the configured audit gives (non-compliant until there is one)."""
    settings = current_settings()
    return compliance(settings.accessibility_audit_date, settings.accessibility_audit_rate,
                      settings.accessibility_auditor)


@bp.app_context_processor
def accessibility_status() -> dict:
    return {"accessibility_link": STATUS_LINKS[site_compliance().status]}


@bp.get("/accessibility")
@cacheable(REFERENCE_S)
def accessibility():
    """The accessibility statement (RGAA): the status its last audit gives, what is not accessible, recourse."""
    found, language = site_compliance(), str(get_locale())
    return render_template("core/accessibility.html", compliance=found, compliance_sentence=STATUS_SENTENCES[found.status],
                           audit_day=long_date(found.audit_date, language) if found.audit_date else None,
                           rate=number(found.rate, language) if found.rate is not None else None)


@bp.get("/legal")
def legal():
    """The legal notice: publisher, director of publication, host and contact (settings)."""
    return render_template("core/legal.html")


# A healthy answer may be reused for a second (the database's "ok" is trusted that long anyway); a 503 never is.
HEALTH_S = 1


@bp.get("/healthz")
@cacheable(HEALTH_S)
def healthz():
    """For load balancers: the app answers, the database answers, and a summary of feed freshness."""
    database = _database()
    body = {"status": "ok" if database == "ok" else "error", "database": database, **_summaries()}
    return jsonify(body), 200 if database == "ok" else 503


HEALTH_SUMMARY_S = 15.0  # the features' summaries are read at most this often per process
DATABASE_OK_S = 1.0  # a database that answered is asked again after this; one that failed, at every check


def _database() -> str:
    """"ok" or "error": whether the database answers (an answer is trusted for ``DATABASE_OK_S``)."""
    tick = monotonic()
    if tick - current_app.extensions.get("health_database_ok", -DATABASE_OK_S) < DATABASE_OK_S:
        return "ok"
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 — any database failure means "not healthy"
        db.session.rollback()
        current_app.extensions.pop("health_database_ok", None)
        return "error"
    current_app.extensions["health_database_ok"] = tick
    return "ok"


def _summaries() -> dict:
    """Every feature's health summary, kept for ``HEALTH_SUMMARY_S``: the scheduler's published one when it is
    recent, else computed here (``core.health``); load balancers ask every few seconds, per worker."""
    held = current_app.extensions.get("health_summaries")
    tick = monotonic()
    if held is not None and tick - held[0] < HEALTH_SUMMARY_S:
        return held[1]
    now = clock.now()
    found = health.published(current_app.extensions["huey"], now)
    if found is not None:
        body = {**found[1], "summary": {"computed_at": found[0].isoformat(), "by": "scheduler"}}
    else:
        checks = current_app.extensions.get("health_checks", {})
        body = {**health.summaries(checks, now, current_settings(), db.session.rollback),
                "summary": {"computed_at": now.isoformat(), "by": "this check"}}
    current_app.extensions["health_summaries"] = (tick, body)
    return body
