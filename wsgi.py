"""WSGI entry point: ``gunicorn wsgi:app``."""
from bookingsite import create_app

app = create_app()
