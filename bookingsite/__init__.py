"""bookingsite: the national CEP booking site (Flask application factory)."""
from __future__ import annotations

import os

from flask import Flask

from bookingsite.config import load_config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints (explicit list), CLI."""
    app = Flask(__name__, instance_relative_config=True)  # bookingsite/static: shipped inside the package
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(load_config(app.instance_path, test_config))

    from bookingsite import models  # noqa: F401  (registers every table)
    from bookingsite.core import answer_cache, errors, http_cache, i18n, inputs, limits, logs, security
    from bookingsite.extensions import csrf, db, init_settings, limiter

    init_settings(app)
    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    answer_cache.init_app(app)  # before security: ProxyFix must see (and mend) the request first
    security.init_app(app)
    http_cache.init_app(app)  # after CSRFProtect: it notes the pages that hold a CSRF token
    logs.init_app(app)
    errors.init_app(app)
    inputs.init_app(app)  # after logs: a refusal is logged with its request ID
    _register_blueprints(app)
    _register_jobs(app)
    _connect_events(app)
    _register_health_checks(app)
    limits.init_app(app)  # rate limits on the registered blueprints (search, questionnaire, booking)
    _register_cli(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from bookingsite.agent.views import bp as agent_bp
    from bookingsite.api.views import bp as api_bp
    from bookingsite.booking.views import bp as booking_bp
    from bookingsite.core.views import bp as core_bp
    from bookingsite.directory.views import bp as directory_bp
    from bookingsite.locator.views import bp as locator_bp
    from bookingsite.messaging.views import bp as messaging_bp
    from bookingsite.piloting.views import bp as piloting_bp
    from bookingsite.prequal.views import bp as prequal_bp
    from bookingsite.privacy.views import bp as privacy_bp
    from bookingsite.staff.views import bp as staff_bp
    from bookingsite.widget.views import bp as widget_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(directory_bp)
    app.register_blueprint(locator_bp, url_prefix="/sites")
    app.register_blueprint(prequal_bp, url_prefix="/questionnaire")
    app.register_blueprint(booking_bp, url_prefix="/booking")
    app.register_blueprint(messaging_bp)
    app.register_blueprint(staff_bp, url_prefix="/agent")
    app.register_blueprint(agent_bp, url_prefix="/agent")
    app.register_blueprint(widget_bp)
    app.register_blueprint(piloting_bp, url_prefix="/piloting")
    app.register_blueprint(privacy_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def _register_jobs(app: Flask) -> None:
    """The task queue of this app and its tasks (``core.queue.enqueue`` finds them by name)."""
    from bookingsite.core.queue import make_queue
    from bookingsite.jobs.tasks import register

    huey = make_queue(app.config, app.instance_path)
    app.extensions["huey"] = huey
    app.extensions["jobs"] = register(app, huey)


def _connect_events(app: Flask) -> None:
    """The layers above booking follow its events (booking imports neither messaging, piloting nor webhooks)."""
    from bookingsite.messaging import subscribers as messaging
    from bookingsite.piloting import subscribers as piloting
    from bookingsite.webhooks import subscribers as webhooks

    messaging.subscribe(app)
    piloting.subscribe(app)
    webhooks.subscribe(app)


def _register_health_checks(app: Flask) -> None:
    """What /healthz reports besides the database (core sits below the features: they are named here)."""
    from bookingsite.availability.feed_health import freshness_summary
    from bookingsite.messaging.outbox import outbox_summary

    app.extensions["health_checks"] = {"feeds": freshness_summary, "outbox": outbox_summary}


def _register_cli(app: Flask) -> None:
    from bookingsite.availability.cli import feeds_cli
    from bookingsite.directory.cli import db_cli, demo_cli, directory_cli
    from bookingsite.jobs.cli import jobs_cli
    from bookingsite.messaging.cli import caldav_cli, operator_feeds_cli, reminders_cli
    from bookingsite.privacy.cli import privacy_cli
    from bookingsite.staff.cli import agents_cli
    from bookingsite.webhooks.cli import webhooks_cli
    from bookingsite.widget.cli import partners_cli

    for group in (db_cli, demo_cli, directory_cli, feeds_cli, reminders_cli, caldav_cli, operator_feeds_cli,
                  agents_cli, partners_cli, privacy_cli, jobs_cli, webhooks_cli):
        app.cli.add_command(group)
