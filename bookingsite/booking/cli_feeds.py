"""Commands of the `feeds` group (filled in by its issue)."""
from flask.cli import AppGroup

feeds_cli = AppGroup("feeds", help="Operators' iCal feeds.")
