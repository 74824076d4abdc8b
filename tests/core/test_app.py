"""The factory, the configuration and the base layout."""
import pytest

from bookingsite.config import ConfigError, load_config
from tests.factories import LEGAL_ENV


def test_production_without_secret_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_config(str(tmp_path), environ={"BOOKINGSITE_ENV": "production"})


def test_production_with_secret_starts_with_secure_cookies(tmp_path):
    config = load_config(str(tmp_path), environ={"BOOKINGSITE_ENV": "production", "BOOKINGSITE_SECRET_KEY": "x" * 40,
                                                 "BOOKINGSITE_SMS_SENDER": "gateway.module:factory", **LEGAL_ENV})
    assert config["SECRET_KEY"] == "x" * 40
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]


def test_development_keeps_its_generated_key_across_restarts(tmp_path):
    first = load_config(str(tmp_path), environ={"BOOKINGSITE_ENV": "development"})["SECRET_KEY"]
    second = load_config(str(tmp_path), environ={"BOOKINGSITE_ENV": "development"})["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only


def test_each_instance_folder_gets_its_own_key_never_a_fixed_default(tmp_path):
    keys = {load_config(str(tmp_path / name), environ={"BOOKINGSITE_ENV": "development"})["SECRET_KEY"]
            for name in ("one", "two")}
    assert len(keys) == 2


def test_testing_gets_a_throw_away_key_per_start(tmp_path):
    first = load_config(str(tmp_path), environ={"BOOKINGSITE_ENV": "testing"})["SECRET_KEY"]
    second = load_config(str(tmp_path), environ={"BOOKINGSITE_ENV": "testing"})["SECRET_KEY"]
    assert first != second and not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("variable, value, key, expected", [
    ("DATABASE_URL", "postgresql+psycopg://db/x", "SQLALCHEMY_DATABASE_URI", "postgresql+psycopg://db/x"),  # PG
    ("REDIS_URL", "redis://127.0.0.1:6379/0", "RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0"),  # limits
    ("BRAND_NAME", "Mon CEP", "BOOKINGSITE_BRAND_NAME", "Mon CEP"),  # the national brand
    ("DEMO", "yes", "BOOKINGSITE_DEMO", True),  # flags read yes/true/1
])
def test_environment_variables_are_read(tmp_path, variable, value, key, expected):
    env = {"BOOKINGSITE_ENV": "development", f"BOOKINGSITE_{variable}": value}
    assert load_config(str(tmp_path), environ=env)[key] == expected


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="production, development or testing"):
        load_config(str(tmp_path), environ={"BOOKINGSITE_ENV": "staging"})


def test_sqlite_in_instance_folder_by_default(tmp_path):
    config = load_config(str(tmp_path), environ={"BOOKINGSITE_ENV": "testing"})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'bookingsite.sqlite'}"


def test_home_page_has_brand_skip_link_and_french_by_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "Aller au contenu principal" in html and 'href="#main"' in html
    assert "Mon conseil en évolution professionnelle" in html


def test_language_switch_keeps_the_page_and_refuses_other_hosts(client):
    response = client.get("/language/en?next=/privacy")
    assert response.status_code == 302 and response.headers["Location"] == "/privacy"
    assert "Privacy notice" in client.get("/privacy").get_data(as_text=True)
    assert client.get("/language/fr?next=https://evil.example/").headers["Location"] == "/"


def test_demo_banner_only_in_demo_mode(make_app):
    marker = "Site de démonstration"
    assert marker not in make_app().test_client().get("/").get_data(as_text=True)
    assert marker in make_app(DEMO=True).test_client().get("/").get_data(as_text=True)


def test_brand_colours_are_configurable_and_sanitised(make_app):
    css = make_app(BRAND_COLOR="#123456").test_client().get("/brand.css").get_data(as_text=True)
    assert "--brand:#123456" in css
    css = make_app(BRAND_COLOR="red;}</style>").test_client().get("/brand.css").get_data(as_text=True)
    assert "--brand:#000091" in css


@pytest.mark.parametrize("path, status", [
    ("/no-such-page", 404),  # unknown page: the site's own 404
    ("/api/v1/no-such-call", 404),  # unknown API call: JSON
])
def test_errors_in_the_site_style(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    if path.startswith("/api/"):
        assert response.get_json()["error"]["code"] == "not_found"
    else:
        assert "Page introuvable" in response.get_data(as_text=True)


def test_unexpected_error_shows_no_trace(make_app):
    app = make_app()

    @app.get("/boom")
    def boom():
        raise RuntimeError("SELECT secret FROM table")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "SELECT" not in response.get_data(as_text=True) and "Traceback" not in response.get_data(as_text=True)


def test_healthz_reports_database(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["database"] == "ok"


def test_no_external_resources_on_home(client):
    html = client.get("/").get_data(as_text=True)
    assert "http://" not in html.replace("http://localhost", "") and "https://" not in html


def test_a_lang_link_is_remembered_for_the_next_pages(client):
    client.get("/privacy?lang=en")
    assert "Privacy notice" in client.get("/privacy").get_data(as_text=True)


def test_trusted_proxies_and_rate_limit_resilience_are_configured(tmp_path):
    env = {"BOOKINGSITE_ENV": "development", "BOOKINGSITE_TRUSTED_PROXIES": "1"}
    config = load_config(str(tmp_path), environ=env)
    assert config["BOOKINGSITE_TRUSTED_PROXIES"] == 1
    assert config["RATELIMIT_SWALLOW_ERRORS"] and config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"]


def test_healthz_counts_feeds_by_freshness(app, client):
    from tests.booking.booking_helpers import set_busy
    from tests.factories import make_agenda

    fresh = make_agenda(feed_url="https://feeds.example/a.ics")
    make_agenda(feed_url="https://feeds.example/b.ics", site_id=fresh.site_id)  # never read yet
    make_agenda(site_id=fresh.site_id)  # no feed: not counted
    set_busy(fresh.id, [])
    assert client.get("/healthz").get_json()["feeds"] == {"fresh": 1, "stale": 0, "expired": 0, "missing": 1}


@pytest.mark.parametrize("sender, refused", [
    (None, True),  # the default, log: it would write every text, manage links included, to the logs
    ("log", True),  # the same, named
    ("gateway.module:factory", False),  # a real gateway
])
def test_production_refuses_the_log_sms_sender(tmp_path, sender, refused):
    env = {"BOOKINGSITE_ENV": "production", "BOOKINGSITE_SECRET_KEY": "x" * 40, **LEGAL_ENV}
    if sender:
        env["BOOKINGSITE_SMS_SENDER"] = sender
    if refused:
        with pytest.raises(ConfigError, match="SMS_SENDER"):
            load_config(str(tmp_path), environ=env)
    else:
        assert load_config(str(tmp_path), environ=env)["BOOKINGSITE_SMS_SENDER"] == sender


def test_a_failed_statement_carries_no_parameters_to_the_logs(app):
    # The error text is what reaches the log: it must not hold the names, e-mails or phones the statement carried.
    from sqlalchemy.exc import IntegrityError

    from bookingsite.extensions import db
    from bookingsite.models import Operator
    from tests.factories import make_operator

    existing = make_operator(name="Secret Person Name")
    with pytest.raises(IntegrityError) as caught:  # the same id again
        db.session.execute(db.insert(Operator), [{"id": existing.id, "name": existing.name,
                                                   "region_code": existing.region_code}])
    db.session.rollback()
    assert "Secret Person Name" not in str(caught.value)


def test_typed_settings_mirror_every_setting(tmp_path):
    from dataclasses import FrozenInstanceError, fields

    from bookingsite.config import SETTINGS, Settings, settings_from

    assert [f.name.upper() for f in fields(Settings)] == list(SETTINGS)  # one field per setting, in order
    env = {"BOOKINGSITE_ENV": "testing", "BOOKINGSITE_HOLD_MIN": "7", "BOOKINGSITE_DEMO": "yes"}
    settings = settings_from(load_config(str(tmp_path), environ=env))
    assert (settings.hold_min, settings.demo, settings.feed_ttl_min) == (7, True, 15)  # parsed, defaults kept
    with pytest.raises(FrozenInstanceError):
        settings.hold_min = 8  # type: ignore[misc]


def test_the_app_keeps_its_typed_settings(make_app):
    from bookingsite.extensions import current_settings

    app = make_app(HOLD_MIN=4)
    with app.app_context():
        assert current_settings().hold_min == 4 and current_settings().env == "testing"


@pytest.mark.parametrize("missing", sorted(LEGAL_ENV))
def test_production_refuses_to_start_without_its_legal_notice(tmp_path, missing):
    env = {"BOOKINGSITE_ENV": "production", "BOOKINGSITE_SECRET_KEY": "x" * 40,
           "BOOKINGSITE_SMS_SENDER": "gateway.module:factory", **LEGAL_ENV}
    del env[missing]
    with pytest.raises(ConfigError, match=missing):
        load_config(str(tmp_path), environ=env)


def test_healthz_reads_the_summaries_at_most_every_15_seconds(app, client, monkeypatch):
    from bookingsite.core import views

    calls = []
    app.extensions["health_checks"] = {"probe": lambda now, settings: calls.append(now) or {"n": len(calls)}}
    tick = [1000.0]
    monkeypatch.setattr(views, "monotonic", lambda: tick[0])
    assert client.get("/healthz").get_json()["probe"] == {"n": 1}
    tick[0] += 14.9  # within the period: the kept summary, the database still asked
    body = client.get("/healthz").get_json()
    assert (body["status"], body["database"], body["probe"]) == ("ok", "ok", {"n": 1})
    tick[0] += 0.2
    assert client.get("/healthz").get_json()["probe"] == {"n": 2}


def test_healthz_trusts_a_database_answer_for_a_second_and_a_failure_never(app, client, monkeypatch):
    from bookingsite.core import views
    from bookingsite.extensions import db

    tick, asked = [1000.0], []
    monkeypatch.setattr(views, "monotonic", lambda: tick[0])
    app.extensions["health_checks"] = {}  # the database check alone
    real = db.session.execute

    def down(*args, **kwargs):
        asked.append(1)
        raise OSError("database down")

    monkeypatch.setattr(db.session, "execute", down)
    assert client.get("/healthz").status_code == 503 and client.get("/healthz").status_code == 503
    assert len(asked) == 2  # a failure is asked again at every check
    monkeypatch.setattr(db.session, "execute", real)
    assert client.get("/healthz").status_code == 200
    monkeypatch.setattr(db.session, "execute", down)
    tick[0] += 0.9
    assert client.get("/healthz").status_code == 200 and len(asked) == 2  # within the second: the answer kept
    tick[0] += 0.2
    assert client.get("/healthz").get_json()["database"] == "error"


def test_healthz_reads_the_summaries_the_scheduler_published(make_app):
    from bookingsite.jobs.tasks import publish_health

    app = make_app(QUEUE_NAME="health-published")  # a queue of its own: its storage holds the summaries
    app.extensions["health_checks"] = {"probe": lambda now, settings: {"at": now.isoformat()}}
    with app.app_context():
        assert publish_health() == ["probe"]
    app.extensions["health_checks"] = {"probe": lambda now, settings: {"at": "computed by the check"}}
    body = app.test_client().get("/healthz").get_json()
    assert body["probe"] == {"at": "2026-12-01T08:00:00+00:00"}  # the scheduler's, at the frozen instant
    assert body["summary"] == {"computed_at": "2026-12-01T08:00:00+00:00", "by": "scheduler"}


def test_healthz_computes_the_summaries_itself_when_none_is_recent(make_app):
    from bookingsite.jobs.tasks import publish_health

    app = make_app(QUEUE_NAME="health-old", NOW="2026-12-01T09:00:00+01:00")
    app.extensions["health_checks"] = {"probe": lambda now, settings: {"by": "scheduler"}}
    with app.app_context():
        publish_health()
    app.config["BOOKINGSITE_NOW"] = "2026-12-01T09:03:01+01:00"  # three runs missed: the scheduler has stopped
    app.extensions["health_checks"] = {"probe": lambda now, settings: {"by": "check"}}
    body = app.test_client().get("/healthz").get_json()
    assert body["probe"] == {"by": "check"} and body["summary"]["by"] == "this check"
