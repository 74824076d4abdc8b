"""Commands of the `agents` group (filled in by its issue)."""
from flask.cli import AppGroup

agents_cli = AppGroup("agents", help="Agent accounts.")
