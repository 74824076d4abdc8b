"""The ``bookingsite`` console script: the same commands as ``flask --app wsgi …``."""
from flask.cli import FlaskGroup

from bookingsite import create_app


def main() -> None:
    """Run the Flask CLI bound to this application."""
    FlaskGroup(create_app=create_app)()
