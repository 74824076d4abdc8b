"""The partner widget in a real browser, on two origins: the site (live_server, 127.0.0.1) and a partner page
(another server, reached as ``localhost``: another origin and another *site*, so the frame is third-party)."""
from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import expect
from werkzeug.wrappers import Request, Response

from bookingsite.directory.demo import DEMO_PARTNER_KEY, DEMO_WIDGET_ID
from bookingsite.extensions import db
from bookingsite.models.booking import Booking
from bookingsite.models.directory import Partner
from tests.e2e.conftest import assert_no_axe_violations, browser_context, click_through

pytestmark = pytest.mark.e2e
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner page</title></head>
<body><h1>A partner's page</h1><p id="log">waiting</p>
<script>
  window.confirmedEvents = []; window.callbacks = [];
  document.addEventListener("bookingsite:bookingConfirmed", function (e) { window.confirmedEvents.push(e.detail); });
  function onBooked(detail) { window.callbacks.push(detail); }
</script>
<script src="{live}/widget.js" data-partner="{widget_id}" {postcode} data-lang="fr"
        data-on-confirmed="onBooked" async></script>
</body></html>"""


def partner_page(live_url: str, widget_id: str = DEMO_WIDGET_ID):
    """A WSGI app serving a page that includes the widget, as a partner would (``/bare``: without a postcode)."""
    @Request.application
    def app(request):
        postcode = "" if request.path == "/bare" else 'data-postcode="75011"'
        html = PAGE.replace("{live}", live_url).replace("{widget_id}", widget_id).replace("{postcode}", postcode)
        return Response(html, mimetype="text/html")
    return app


@contextlib.contextmanager
def allowed(live_server, origin: str):
    """Add ``origin`` to the demo partner's list for the test (its fixed origins use fixed ports)."""
    with live_server.app.app_context():
        partner = db.session.get(Partner, "demo-partner")
        before = list(partner.origins)
        partner.origins = before + [origin]
        db.session.commit()
    try:
        yield
    finally:
        with live_server.app.app_context():
            db.session.get(Partner, "demo-partner").origins = before
            db.session.commit()
            db.session.remove()


@pytest.fixture
def partner_url(live_server, start_server):
    server = start_server(wsgi=partner_page(live_server.url))
    url = server.url.replace("127.0.0.1", "localhost")
    with allowed(live_server, url):
        yield url


def block_cookies_for(context, origin: str) -> None:
    """Emulate a browser blocking the embed's third-party cookies: none sent to it, none kept from it."""
    def handle(route):
        headers = {k: v for k, v in route.request.headers.items() if k.lower() != "cookie"}
        response = route.fetch(headers=headers, max_redirects=0)
        kept = {k: v for k, v in response.headers.items() if k.lower() != "set-cookie"}
        route.fulfill(response=response, headers=kept)
    context.route(f"{origin}/**", handle)


def frame_height(page) -> float:
    return page.locator("iframe").bounding_box()["height"]


def embed_frame(page):
    """The widget's frame (a ``Frame``: it stays the same object while its document changes)."""
    return page.locator("iframe").element_handle().content_frame()


def settle(page) -> int:
    """Wait until the frame has loaded its page and the partner page has set the frame to that page's height;
    return that height.

    A click in the frame is aimed at a point of the partner page. The partner page follows the frame's content
    (postMessage, then a new height): if that comes between the aim and the click, as it can on a loaded machine,
    the partner page scrolls under the pointer and the click lands beside the frame, where the frame sees no event:
    "Clicking the checkbox did not change its state". Once settled, nothing moves until the next page."""
    frame = embed_frame(page)
    frame.wait_for_load_state()
    height = frame.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
    # widget.js sets exactly the height that bookingsite/static/js/embed.js measures the same way.
    expect(page.locator("iframe")).to_have_attribute("style", re.compile(rf"(^|;)\s*height:\s*{height}px"))
    return height


def next_page(page, control) -> None:
    """Click ``control`` in the frame, wait for the page it leads to and for the frame to settle at its height."""
    click_through(embed_frame(page), control)
    settle(page)


def book_in_the_frame(page, axe: bool = False, email: str = "camille@example.org"):
    """Go through the whole flow inside the frame (checking the slot and contact pages with axe if asked).

    Tests sharing the live server book with their own ``email``: the same person and slot twice is refused.
    """
    frame = page.frame_locator("iframe")
    frame.locator("h1").wait_for()
    settle(page)
    next_page(page, frame.get_by_role("button", name="Continuer"))  # the first site near 75011 is preselected
    frame.locator("input[name=status][value=employee]").check()
    next_page(page, frame.get_by_role("button", name="Continuer"))
    frame.locator("input[name=contract][value=permanent]").check()
    frame.locator("input[name=manager][value=no]").check()
    next_page(page, frame.get_by_role("button", name="Continuer"))
    frame.locator("input[name=needs][value=progress]").check()
    next_page(page, frame.get_by_role("button", name="Continuer"))
    frame.locator("input[name=deadline][value=none]").check()
    next_page(page, frame.get_by_role("button", name="Continuer"))
    frame.locator("input[name=modality][value=site]").check()
    next_page(page, frame.get_by_role("button", name="Continuer"))
    frame.locator("input[name=slot]").first.wait_for(state="attached")
    if axe:
        assert_no_axe_violations(embed_frame(page))
    frame.locator("input[name=slot]").first.check()
    next_page(page, frame.get_by_role("button", name="Continuer"))
    frame.locator("#name").wait_for()
    if axe:
        assert_no_axe_violations(embed_frame(page))
    frame.locator("#name").fill("Camille Test")
    frame.locator("#email").fill(email)
    frame.locator("#consent").check()
    next_page(page, frame.get_by_role("button", name="Confirmer le rendez-vous"))
    frame.locator("[data-booking-reference]").wait_for(state="attached")
    return frame


def check_booking(page, live_server) -> str:
    # wait_for_function may evaluate here: the partner page has no CSP (the site's pages refuse it, see conftest).
    page.wait_for_function("window.confirmedEvents.length === 1 && window.callbacks.length === 1")
    detail = page.evaluate("window.confirmedEvents[0]")
    assert page.evaluate("window.callbacks[0]") == detail and set(detail) == {"reference"}
    with live_server.app.app_context():
        booking = db.session.scalars(db.select(Booking).where(Booking.reference == detail["reference"])).one()
        assert (booking.channel, booking.partner_id) == ("widget", "demo-partner")
        db.session.remove()
    return detail["reference"]


@pytest.mark.parametrize("cookies", ["default", "blocked"])
def test_widget_books_and_tells_the_partner_page(browser, live_server, partner_url, cookies):
    with browser_context(browser, locale="fr-FR") as context:
        if cookies == "blocked":
            block_cookies_for(context, live_server.url)
        page = context.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(partner_url)
        frame = page.frame_locator("iframe")
        frame.locator("h1").wait_for()
        assert page.locator("iframe").get_attribute("title")
        # widget.js loads nothing before the iframe's own page.
        from_site = [u for u in requests if u.startswith(live_server.url)]
        assert from_site[0].endswith("/widget.js") and "/embed/" in from_site[1]
        first = settle(page)
        book_in_the_frame(page, axe=cookies == "default", email=f"camille.{cookies}@example.org")
        check_booking(page, live_server)
        if cookies == "default":
            assert_no_axe_violations(embed_frame(page))  # the confirmation
        # The frame followed its content: the height set is the frame document's height.
        inner = settle(page)
        assert abs(frame_height(page) - inner) <= 1
        assert first != frame_height(page) or first == inner
        assert not [c for c in context.cookies() if c["domain"] == "127.0.0.1"]  # the flow needed none


def test_the_frame_grows_with_its_content(page, live_server, partner_url):
    page.goto(partner_url + "/bare")  # no postal code: a short first page, the search form only
    frame = page.frame_locator("iframe")
    frame.locator("h1").wait_for()
    before = settle(page)
    frame.locator("#place").fill("75011")
    next_page(page, frame.get_by_role("button", name="Rechercher"))  # the sites near are listed: a longer page
    frame.locator("input[name=site]").first.wait_for()
    assert frame_height(page) > before + 100


def test_axe_clean_inside_the_frame(page, live_server, partner_url):
    page.goto(partner_url)
    page.frame_locator("iframe").locator("h1").wait_for()
    settle(page)
    assert_no_axe_violations(embed_frame(page))
    next_page(page, page.frame_locator("iframe").get_by_role("button", name="Continuer"))
    page.frame_locator("iframe").locator("input[name=status]").first.wait_for()
    assert_no_axe_violations(embed_frame(page))


def test_an_origin_not_in_the_list_cannot_frame_it(page, live_server, start_server):
    server = start_server(wsgi=partner_page(live_server.url))
    page.goto(server.url.replace("127.0.0.1", "localhost"))  # not added to the partner's origins
    child = embed_frame(page)
    # The site answers; the browser, reading frame-ancestors, shows its own error page in the frame instead.
    child.wait_for_url(re.compile(r"^chrome-error://"), wait_until="commit")
    assert child.locator("#embed-context").count() == 0  # nothing of the flow


@pytest.mark.parametrize("widget_id", [
    "not-a-widget-id",  # unknown
    DEMO_PARTNER_KEY,  # the secret API key, as snippets held it before widget ids: it no longer opens the widget
])
def test_unknown_widget_id_shows_a_link_not_a_broken_frame(page, live_server, start_server, widget_id):
    server = start_server(wsgi=partner_page(live_server.url, widget_id=widget_id))
    page.goto(server.url.replace("127.0.0.1", "localhost"))
    frame = page.frame_locator("iframe")
    frame.get_by_role("link", name="Aller sur le site principal").wait_for()
    assert_no_axe_violations(embed_frame(page))


def test_partners_page_builds_the_snippet_with_a_live_preview(page, live_server):
    page.goto("/partners")
    page.locator("#widget_id").fill(DEMO_WIDGET_ID)
    page.locator("#postcode").fill("75011")
    click_through(page, page.get_by_role("button", name="Obtenir mon code"))
    snippet = page.locator("#snippet").input_value()
    assert snippet.startswith(f'<script src="{live_server.url}/widget.js" data-partner="{DEMO_WIDGET_ID}"')
    preview = page.frame_locator("#widget-preview iframe")
    preview.locator("input[name=site]").first.wait_for()  # framed by the site itself: allowed
    # Not wait_for_function: its polling evaluates a string, which this page's CSP (no unsafe-eval) refuses.
    expect(page.locator("#widget-preview iframe")).to_have_attribute("style", re.compile(r"height:\s*\d+px"))
    assert_no_axe_violations(page)
