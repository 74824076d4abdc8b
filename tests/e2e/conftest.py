"""Browser-test harness: the app served by a real threaded WSGI server on loopback, headless Chromium, axe-core.

Fixtures every feature uses (see CONTRIBUTING.md):
- ``live_server``: the whole site, demo data loaded, CSRF on, rate limits off, time frozen at ``TEST_NOW``;
  ``.url`` (``http://127.0.0.1:PORT``), ``.app`` and ``.database_url``. One per xdist worker (session scope).
- ``start_server``: start another server in a test — the site with other settings (``start_server(site={...})``)
  or any WSGI app (``start_server(wsgi=app)``, e.g. a partner page on another origin). Stopped after the test.
- ``browser`` (session), ``page`` (French, a fresh context per test), ``page_en`` (English chosen through
  ``/language/en`` as a visitor would), ``goto(page, path, lang=None)``.
- ``assert_no_axe_violations(page, context=None)``: fails on any WCAG 2.0/2.1 A or AA violation, naming the rule,
  its impact and the offending nodes (once the page or frame has loaded).
- ``click_through(page, control)``: click a link or a submit button and wait until the page (or frame) has loaded
  where it leads; ``browser_context(browser, **options)``: a context of one's own with the suite's timeouts.

Tests wait on a state, never for a time: a locator action or an ``expect`` assertion waits for its element, and a
read that must see the next page comes after ``click_through`` (or ``expect_navigation``, ``wait_for_url``). No
``wait_for_function`` on the site's pages: its polling evaluates a string, which their CSP (no unsafe-eval) refuses.
"""
from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import WSGIRequestHandler, make_server

from bookingsite import create_app
from bookingsite.extensions import db, init_settings
from tests.conftest import TEST_NOW
from tests.databases import fresh_database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# How long a state may take to come: generous, for a loaded machine (two xdist workers, each with its server and
# Chromium, on two cores, and whatever else runs there). Waiting on a state costs nothing when the state is already
# there: only a failing test waits this long. Actions and navigations get more than expect assertions: a click or a
# key in the page waits for the navigation it starts to commit, so for the server's answer, and a page whose slots
# need the feeds read first took over 20 s there.
TIMEOUT_MS = 60_000
EXPECT_TIMEOUT_MS = 20_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)
# What the live site runs with; a test that needs rate limits starts its own server with RATELIMIT_ENABLED=True.
LIVE_CONFIG = {"ENV": "testing", "SECRET_KEY": "e2e-" + "s" * 40, "NOW": TEST_NOW, "DEMO": True,
               "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False, "QUEUE_IMMEDIATE": True}
E2E_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items):
    """Every test under tests/e2e is a browser test, whether or not its module says so."""
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@dataclass
class LiveServer:
    """A WSGI app served on 127.0.0.1 by a threaded werkzeug server in a background thread."""

    url: str
    app: object
    server: object
    thread: threading.Thread
    database_url: str | None = None

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


class QuietHandler(WSGIRequestHandler):
    """The app logs each request itself (JSON); werkzeug's own access lines would only be noise."""

    def log_request(self, code="-", size="-") -> None:
        pass


def serve(wsgi_app, **attrs) -> LiveServer:
    """Serve ``wsgi_app`` on a free loopback port now; the caller stops it.

    The OS picks the port (port 0), so parallel workers never collide. ``make_server`` binds and listens before it
    returns: a browser connecting before the thread's loop runs waits in the listen queue instead of being refused.
    """
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    return LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=wsgi_app, server=server, thread=thread,
                      **attrs)


def build_site(database_url: str, tmp_dir: Path, demo: bool = True, **overrides):
    """The site on ``database_url`` (schema created, demo directory loaded unless ``demo=False``), not yet served."""
    from bookingsite.directory.demo import demo_directory
    from bookingsite.directory.fileformat import write_json
    from bookingsite.directory.store import import_directory

    config = {**LIVE_CONFIG, "DATABASE_URL": database_url, "OUTBOX_DIR": str(tmp_dir / "outbox"), **overrides}
    app = create_app(config)
    with app.app_context():
        db.create_all()
    server = serve(app, database_url=database_url)
    # The port is known only once bound: the base URL (demo feeds, e-mail links) follows it.
    app.config["BOOKINGSITE_BASE_URL"] = server.url
    init_settings(app)
    if demo:
        with app.app_context():
            if not _has_directory():
                import_directory(db.session, write_json(demo_directory(server.url)))
            db.session.remove()
    return server


def _has_directory() -> bool:
    from bookingsite.models import Site

    return db.session.query(Site.id).first() is not None


@contextlib.contextmanager
def site_server(tmp_dir: Path, database_url: str | None = None, **overrides):
    """The site served on loopback, on ``database_url`` or on a fresh database dropped afterwards."""
    with contextlib.ExitStack() as stack:
        url = database_url or stack.enter_context(fresh_database(tmp_dir, "bs_e2e"))
        server = build_site(url, tmp_dir, **overrides)
        try:
            yield server
        finally:
            server.stop()
            with server.app.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The site, demo data loaded, served by a threaded WSGI server on 127.0.0.1 (one per xdist worker)."""
    with site_server(tmp_path_factory.mktemp("e2e")) as server:
        yield server


@pytest.fixture
def start_server(live_server, tmp_path):
    """Start more servers in a test: ``start_server(site={...settings})`` or ``start_server(wsgi=app)``.

    ``site=`` shares the live server's database (same demo data) unless ``fresh_db=True``.
    """
    stack = contextlib.ExitStack()

    def start(site: dict | None = None, wsgi=None, fresh_db: bool = False) -> LiveServer:
        if wsgi is not None:
            server = serve(wsgi)
            stack.callback(server.stop)
            return server
        database_url = None if fresh_db else live_server.database_url
        return stack.enter_context(site_server(tmp_path, database_url, **(site or {})))

    with stack:
        yield start


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (one per xdist worker)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM}: run 'apt-get install -y chromium' "
                    "(as root; `make test` does it).", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def browser_context(browser, **options):
    """A new browser context (``browser.new_context(**options)``) with the suite's timeouts, closed afterwards."""
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)  # navigations too
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context and page (French), with ``base_url`` set to the live server."""
    with browser_context(browser, locale="fr-FR", base_url=live_server.url) as context:
        yield context.new_page()


@pytest.fixture
def page_en(browser, live_server):
    """A fresh page whose visitor chose English through the language switch (kept in the session)."""
    with browser_context(browser, locale="en-GB", base_url=live_server.url) as context:
        new_page = context.new_page()
        new_page.goto("/language/en?next=/")
        yield new_page


def goto(page, path: str, lang: str | None = None):
    """Open ``path`` on the live server, in ``lang`` for this request when given (``?lang=``)."""
    if lang:
        path += ("&" if "?" in path else "?") + f"lang={lang}"
    return page.goto(path)


def click_through(page, control, **expected) -> None:
    """Click ``control`` (a link, or a button that submits its form) and wait until ``page`` (a page or a frame) has
    loaded the page it leads to (``expected``: ``expect_navigation``'s ``url=``...).

    A click returns once dispatched: in the top page, with the next page committed but not loaded; in a frame,
    without waiting for the navigation at all. A read, a click or an axe run right after it could meet the page being
    left, or the next one half parsed, without its styles."""
    with page.expect_navigation(**expected):
        control.click()


def axe_violations(page, context=None) -> list[dict]:
    """Run axe-core on the page or frame (WCAG 2.0/2.1 A and AA rules only), once loaded, and return its violations."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state()  # a half-parsed document, or one without its styles, would be judged wrongly
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, context=context, options=options).response["violations"]


def format_violations(violations: list[dict], where: str = "") -> str:
    """One readable paragraph per violated rule: id, impact, help, and each offending node."""
    lines = [f"{len(violations)} accessibility violation(s){' on ' + where if where else ''}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v.get('help')} [{v.get('helpUrl', '')}]")
        for node in v.get("nodes", [])[:10]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}: {node.get('html', '')[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend("      " + s for s in summary.splitlines() if s.strip())
    return "\n".join(lines)


def assert_no_axe_violations(page, context=None) -> None:
    """Fail, listing them, if axe-core finds any WCAG 2.0/2.1 A or AA violation on the page."""
    violations = axe_violations(page, context)
    assert not violations, format_violations(violations, page.url)


@pytest.fixture(name="assert_no_axe_violations")
def assert_no_axe_violations_fixture():
    """The same check as a fixture, for tests that prefer not to import from conftest."""
    return assert_no_axe_violations


@pytest.fixture(name="goto")
def goto_fixture():
    """``goto(page, path, lang=None)`` as a fixture."""
    return goto
