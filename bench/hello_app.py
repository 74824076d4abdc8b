"""The bare Flask "hello" app every throughput figure is compared with (same gunicorn settings, same run)."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """The cheapest possible Flask page."""
    return "hello"
