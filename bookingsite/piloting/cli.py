"""Commands of the `privacy` group (filled in by its issue)."""
from flask.cli import AppGroup

privacy_cli = AppGroup("privacy", help="Personal data jobs.")
