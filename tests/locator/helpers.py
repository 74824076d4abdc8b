"""A site app with the demo directory at a chosen instant (pages read the clock through BOOKINGSITE_NOW)."""
from bookingsite.directory.demo import demo_directory
from bookingsite.directory.fileformat import write_json
from bookingsite.directory.store import import_directory
from bookingsite.extensions import db


def demo_client(make_app, now: str, **settings):
    """A test client of a demo site frozen at ``now``."""
    app = make_app(DEMO=True, NOW=now, **settings)
    with app.app_context():
        import_directory(db.session, write_json(demo_directory("http://localhost")))
    return app.test_client()
