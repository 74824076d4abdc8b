"""Flask extensions, created unbound here and bound to the app in ``create_app``; the app's typed settings."""
from flask import Flask, current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from bookingsite.config import Settings, settings_from

# Stable constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()

SETTINGS_KEY = "bookingsite_settings"


def init_settings(app: Flask) -> Settings:
    """Build the typed settings from ``app.config`` and keep them on the app (again after changing the config)."""
    app.extensions[SETTINGS_KEY] = settings = settings_from(app.config)
    return settings


def current_settings() -> Settings:
    """The typed settings of the current app: what views, CLI commands and adapters pass to the services."""
    return current_app.extensions[SETTINGS_KEY]
