"""Locale selection (French by default, English on request) and template helpers for both languages."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, g, request, session
from flask_babel import get_locale, refresh

from bookingsite.extensions import babel
from bookingsite.labels import channel_label, clock_time, modality_label, near_place
from bookingsite.vocabulary import DEFAULT_LOCALE, LANGUAGE_NAMES, LOCALES


def select_locale() -> str:
    """An explicit ``?lang=`` wins; then the API's ``Accept-Language``, the visitor's earlier choice; French otherwise."""
    asked = request.args.get("lang")
    if asked in LOCALES:
        return asked
    if _is_api():  # machines say their language in every request, and keep no session
        return request.accept_languages.best_match(LOCALES) or DEFAULT_LOCALE
    chosen = getattr(g, "lang", None) or session.get("lang")
    return chosen if chosen in LOCALES else DEFAULT_LOCALE


def _is_api() -> bool:
    return request.path.startswith("/api/")


def say_language(response: Response) -> Response:
    """An API answer names its language, and shared caches keep one copy per language asked."""
    if _is_api():
        response.headers["Content-Language"] = str(get_locale() or DEFAULT_LOCALE)
        response.vary.add("Accept-Language")
    return response


def remember_language() -> None:
    """A ``?lang=`` link is a choice to keep for the next pages (not in embedded pages: they set no cookie)."""
    asked = request.args.get("lang")
    if asked in LOCALES and session.get("lang") != asked and not request.path.startswith("/embed"):
        session["lang"] = asked


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to; anything pointing at another host falls back to ``default``."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and expose the language helpers to templates."""
    babel.init_app(app, locale_selector=select_locale)
    # Flask-Babel caches the locale on the app context, which tests (and CLI jobs) keep across requests.
    app.before_request(refresh)
    app.before_request(remember_language)
    app.after_request(say_language)
    app.jinja_env.globals.update(modality_label=modality_label, channel_label=channel_label, near_place=near_place)
    app.jinja_env.filters["clock_time"] = clock_time

    @app.context_processor
    def language_context() -> dict:
        current = str(get_locale() or DEFAULT_LOCALE)
        other = next(locale for locale in LOCALES if locale != current) if current in LOCALES else DEFAULT_LOCALE
        return {"lang": current, "other_lang": other, "language_names": LANGUAGE_NAMES}
