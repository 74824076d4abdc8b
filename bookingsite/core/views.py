"""Home page, language switch, brand stylesheet, static information pages and the health check."""
from __future__ import annotations

from flask import Response, current_app, jsonify, redirect, render_template, request, session
from sqlalchemy import text

from bookingsite import clock
from bookingsite.core.blueprint import bp
from bookingsite.core.i18n import LOCALES, safe_next
from bookingsite.extensions import current_settings, db


@bp.get("/")
def home():
    """The national home page: find a site, or start the questionnaire."""
    return render_template("core/home.html")


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


@bp.get("/accessibility")
def accessibility():
    """The accessibility statement (RGAA)."""
    return render_template("core/accessibility.html")


@bp.get("/healthz")
def healthz():
    """For load balancers: the app answers, the database answers, and a summary of feed freshness."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # noqa: BLE001 — any database failure means "not healthy"
        db.session.rollback()
        database = "error"
    body = {"status": "ok" if database == "ok" else "error", "database": database}
    for name, check in current_app.extensions.get("health_checks", {}).items():
        body[name] = _summary(check)
    return jsonify(body), 200 if database == "ok" else 503


def _summary(check) -> dict:
    """A feature's health summary (``create_app`` registers them, e.g. the feeds' freshness by agenda)."""
    try:
        return check(clock.now(), current_settings())
    except Exception:  # noqa: BLE001 — a broken summary must not fail the health check itself
        db.session.rollback()
        return {"error": "unavailable"}
