"""Commands of the `reminders` group (filled in by its issue)."""
from flask.cli import AppGroup

reminders_cli = AppGroup("reminders", help="Appointment reminders.")
