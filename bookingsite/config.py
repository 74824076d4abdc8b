"""Configuration: the only module that reads the environment (``BOOKINGSITE_*`` variables).

``load_config`` builds the Flask settings (``app.config``, read by Flask and its extensions); ``settings_from``
builds the typed ``Settings`` the site's own code takes as an argument (``bookingsite.extensions.current_settings``).
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

PREFIX = "BOOKINGSITE_"
ROOT = Path(__file__).resolve().parent.parent


ANSWER_CACHE_S = 5  # seconds: short beside the pages' max-age (60 s), long beside a burst of identical requests
LEGAL_REQUIRED = ("LEGAL_PUBLISHER", "LEGAL_PUBLISHER_ADDRESS", "LEGAL_DIRECTOR", "LEGAL_HOST", "LEGAL_HOST_ADDRESS",
                  "CONTACT_EMAIL")


class ConfigError(RuntimeError):
    """The configuration cannot run the site (e.g. no secret key in production)."""


def _flag(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# name -> (default, parser). Every setting the site knows; the README's table mirrors this list.
SETTINGS: dict[str, tuple[object, object]] = {
    "ENV": ("production", str),
    "SECRET_KEY": (None, str),
    "DATABASE_URL": (None, str),
    "REDIS_URL": (None, str),
    "BRAND_NAME": ("Mon conseil en évolution professionnelle", str),
    "BRAND_COLOR": ("#000091", str),
    "BRAND_ACCENT": ("#e1000f", str),
    "BASE_URL": ("http://127.0.0.1:5000", str),
    # The legal notice (LCEN art. 6) and the accessibility statement (RGAA): required in production.
    "LEGAL_PUBLISHER": (None, str),  # the publisher's name and legal form
    "LEGAL_PUBLISHER_ADDRESS": (None, str),
    "LEGAL_DIRECTOR": (None, str),  # the director of publication
    "LEGAL_HOST": (None, str),  # the hosting company's name
    "LEGAL_HOST_ADDRESS": (None, str),
    "CONTACT_EMAIL": (None, str),  # questions about the site and accessibility feedback
    "ACCESSIBILITY_AUDIT_DATE": (None, str),  # YYYY-MM-DD of the last RGAA audit; none: the site is "non compliant"
    "ACCESSIBILITY_AUDIT_RATE": (None, float),  # its share of RGAA criteria met, in %
    "ACCESSIBILITY_AUDITOR": (None, str),
    "DEMO": (False, _flag),
    "GEOCODER": ("none", str),
    "GEOCODER_TIMEOUT": (3.0, float),
    "FEED_TIMEOUT": (5.0, float),
    "FEED_MAX_BYTES": (5_000_000, int),
    "FEED_TTL_MIN": (15, int),
    "FEED_MAX_AGE_H": (24, int),
    "HOLD_MIN": (10, int),
    "MAX_HOLDS_PER_SESSION": (3, int),  # slots one browser session keeps held at once (booking/holds.py)
    "MAX_HOLDS_PER_ADDRESS": (20, int),  # ... and one client address (an IPv6 client: its /64)
    "SMTP_HOST": (None, str),
    "SMTP_PORT": (25, int),
    "SMTP_USER": (None, str),
    "SMTP_PASSWORD": (None, str),
    "SMTP_STARTTLS": (False, _flag),
    "SMTP_TIMEOUT": (10.0, float),
    "MAIL_FROM": ("rendez-vous@cep.example.fr", str),
    "OUTBOX_DIR": (None, str),
    "SMS_SENDER": ("log", str),
    "PURGE_AFTER_DAYS": (365, int),
    # The task queue (huey): Redis storage when REDIS_URL is set, else this SQLite file (default: instance folder).
    "QUEUE_NAME": ("bookingsite", str),  # consumers and the site must agree on it (and on REDIS_URL)
    "QUEUE_SQLITE_PATH": (None, str),
    "QUEUE_IMMEDIATE": (False, _flag),  # run each task at once, in the caller (tests; no consumer needed)
    "OUTBOX_ATTEMPTS": (8, int),  # deliveries tried before a message is marked failed
    "OUTBOX_RETRY_S": (60, int),  # wait after the first failure, doubled after each one (6 hours at most)
    "WEBHOOK_TIMEOUT": (5.0, float),  # per wait for a webhook receiver; the whole POST ends after 3 x this
    # Per visitor (session), then per client address: higher, for the many people behind one company's address.
    "RATELIMIT_SEARCH": ("60/minute", str),
    "RATELIMIT_FORM": ("30/minute", str),
    "RATELIMIT_BOOKING": ("10/minute", str),
    "RATELIMIT_SEARCH_ADDRESS": ("600/minute", str),
    "RATELIMIT_FORM_ADDRESS": ("300/minute", str),
    "RATELIMIT_BOOKING_ADDRESS": ("60/minute", str),
    "RATELIMIT_API_KEY": ("30/minute", str),  # per partner key; every invalid key of one address shares one
    "RATELIMIT_API_ADDRESS": ("60/minute", str),  # per address, on the API calls that take a key
    # Staff logins: refused attempts per client address and per e-mail typed (Flask-Limiter syntax).
    "RATELIMIT_LOGIN_ADDRESS": ("10/minute;100/hour", str),
    "RATELIMIT_LOGIN_ACCOUNT": ("10/minute", str),
    "AGENT_SESSION_MIN": (30, int),
    "AGENT_SESSION_MAX_H": (12, int),  # absolute lifetime of an agent's session, however busy
    "AGENT_LOCKOUT_AFTER": (5, int),
    "LOG_LEVEL": ("INFO", str),
    "TRUSTED_PROXIES": (0, int),
    # Public answers (pages and API reads sent "public, max-age") kept in process memory this long, in seconds;
    # 0: off. Off by default in testing, where a test changes the data and reads the page again at once.
    "ANSWER_CACHE_S": (None, int),  # how many reverse proxies set X-Forwarded-*: only then are they believed
    "NOW": (None, str),  # frozen ISO instant, for demos and browser tests only
}


@dataclass(frozen=True)
class Settings:
    """Every ``BOOKINGSITE_*`` setting, typed (one field per name of ``SETTINGS``, lower-cased)."""

    env: str
    secret_key: str
    database_url: str
    redis_url: str | None
    brand_name: str
    brand_color: str
    brand_accent: str
    base_url: str
    legal_publisher: str | None
    legal_publisher_address: str | None
    legal_director: str | None
    legal_host: str | None
    legal_host_address: str | None
    contact_email: str | None
    accessibility_audit_date: str | None
    accessibility_audit_rate: float | None
    accessibility_auditor: str | None
    demo: bool
    geocoder: str
    geocoder_timeout: float
    feed_timeout: float
    feed_max_bytes: int
    feed_ttl_min: int
    feed_max_age_h: int
    hold_min: int
    max_holds_per_session: int
    max_holds_per_address: int
    smtp_host: str | None
    smtp_port: int
    smtp_user: str | None
    smtp_password: str | None
    smtp_starttls: bool
    smtp_timeout: float
    mail_from: str
    outbox_dir: str
    sms_sender: str
    purge_after_days: int
    queue_name: str
    queue_sqlite_path: str | None
    queue_immediate: bool
    outbox_attempts: int
    outbox_retry_s: int
    webhook_timeout: float
    ratelimit_search: str
    ratelimit_form: str
    ratelimit_booking: str
    ratelimit_search_address: str
    ratelimit_form_address: str
    ratelimit_booking_address: str
    ratelimit_api_key: str
    ratelimit_api_address: str
    ratelimit_login_address: str
    ratelimit_login_account: str
    agent_session_min: int
    agent_session_max_h: int
    agent_lockout_after: int
    log_level: str
    trusted_proxies: int
    answer_cache_s: int
    now: str | None  # read by bookingsite.clock from app.config itself: tests move a frozen clock on


def settings_from(config: Mapping) -> Settings:
    """The typed settings of a built configuration (``load_config``'s result, or a Flask app's ``config``)."""
    return Settings(**{f.name: config[PREFIX + f.name.upper()] for f in fields(Settings)})


def load_config(instance_path: str, test_config: dict | None = None, environ=None) -> dict:
    """Build the Flask settings from ``BOOKINGSITE_*`` variables, then ``test_config`` on top."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for name, (default, parse) in SETTINGS.items():
        raw = environ.get(PREFIX + name)
        values[name] = default if raw in (None, "") else parse(raw)
    test_config = dict(test_config or {})
    for name in SETTINGS:
        if name in test_config:
            values[name] = test_config.pop(name)
    env = str(values["ENV"])
    if env not in {"production", "development", "testing"}:
        raise ConfigError(f"{PREFIX}ENV must be production, development or testing, not {env!r}.")
    if env == "production":
        _refuse_unsafe_production(values)
    elif not values["SECRET_KEY"]:
        values["SECRET_KEY"] = _development_secret(Path(instance_path)) if env == "development" else secrets.token_hex(32)
    if values["ANSWER_CACHE_S"] is None:
        values["ANSWER_CACHE_S"] = 0 if env == "testing" else ANSWER_CACHE_S
    if not values["DATABASE_URL"]:
        values["DATABASE_URL"] = f"sqlite:///{Path(instance_path) / 'bookingsite.sqlite'}"
    if not values["OUTBOX_DIR"]:
        values["OUTBOX_DIR"] = str(Path(instance_path) / "outbox")
    settings = _flask_settings(values)
    settings.update(test_config)  # plain Flask keys (e.g. WTF_CSRF_ENABLED) pass through as given
    return settings


def _refuse_unsafe_production(values: dict) -> None:
    """Production starts only with a secret key, the legal notice's facts and a real SMS gateway."""
    if not values["SECRET_KEY"]:
        raise ConfigError(
            f"{PREFIX}SECRET_KEY is not set: the site refuses to start in production without a secret key. "
            "Set it to a long random string (e.g. python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    missing = [PREFIX + name for name in LEGAL_REQUIRED if not values[name]]
    if missing:
        raise ConfigError(f"{', '.join(missing)} not set: the legal notice must name the publisher, the host and a "
                          "contact (LCEN art. 6); the site refuses to start in production without them.")
    if values["SMS_SENDER"] == "log":
        # The log sender would write every text, manage links included, to the production logs.
        raise ConfigError(
            f"{PREFIX}SMS_SENDER is 'log': in production the site refuses to write text messages to its logs. "
            "Set it to your gateway's factory (package.module:factory)."
        )


def _development_secret(instance_path: Path) -> str:
    """The development key, generated once and kept in the instance folder (never a fixed default anyone knows).

    A key that changed at every start would break every manage link and session made before a restart.
    """
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        # Created readable by its owner only, and never overwritten if another process wrote it first.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def _flask_settings(values: dict) -> dict:
    """Map our names to the names Flask and its extensions read."""
    env = values["ENV"]
    settings = {f"BOOKINGSITE_{k}": v for k, v in values.items()}
    settings.update(
        SECRET_KEY=values["SECRET_KEY"],
        TESTING=env == "testing",
        SQLALCHEMY_DATABASE_URI=values["DATABASE_URL"],
        # A failed statement's error must not carry its parameters (names, e-mails, phones) into the logs.
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "hide_parameters": True},
        SESSION_COOKIE_SECURE=env == "production",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=env == "production",
        PERMANENT_SESSION_LIFETIME=60 * 60 * 2,
        WTF_CSRF_TIME_LIMIT=None,
        RATELIMIT_STORAGE_URI=values["REDIS_URL"] or "memory://",
        RATELIMIT_HEADERS_ENABLED=True,
        # A Redis outage must not turn every limited request into an error: count in memory meanwhile.
        RATELIMIT_SWALLOW_ERRORS=True,
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        BABEL_DEFAULT_LOCALE="fr",
        BABEL_DEFAULT_TIMEZONE="Europe/Paris",
        BABEL_TRANSLATION_DIRECTORIES=";".join(str(p) for p in translation_dirs()),
        MAX_CONTENT_LENGTH=1_000_000,
    )
    return settings


def translation_dirs() -> list[Path]:
    """One gettext catalogue folder per feature: the package's own once installed, else the checkout's."""
    packaged = Path(__file__).resolve().parent / "translations"  # compiled in by the wheel build (setup.py)
    base = packaged if packaged.is_dir() else ROOT / "translations"
    return sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
