"""Commands of the `partners` group (filled in by its issue)."""
from flask.cli import AppGroup

partners_cli = AppGroup("partners", help="Partners and their API keys.")
