"""The agent desk in a real browser, keyboard only: log in, book for a salaried caller, re-route a jobseeker;
scope (403) and logged-out (login) refusals; axe-clean pages. Page loads and keystrokes are counted and printed."""
from __future__ import annotations

import re
import uuid
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from bookingsite import clock
from bookingsite.extensions import db
from bookingsite.models import Operator, Site
from bookingsite.models.agent import Agent, AuditEntry
from bookingsite.models.booking import Booking
from bookingsite.models.prequal import Prequal
from bookingsite.prequal.service import record_prequal
from tests.e2e.conftest import assert_no_axe_violations, browser_context, click_through, goto

pytestmark = pytest.mark.e2e
PASSWORD = "a long desk password"


def new_agent(live_server, operator_id: str | None = None, role: str = "agent") -> tuple[str, str]:
    """(id, e-mail) of a fresh account in the live site's database."""
    with live_server.app.app_context():
        agent = Agent(email=f"desk-{uuid.uuid4().hex[:8]}@example.org", role=role, operator_id=operator_id,
                      active=True, failed_logins=0,
                      password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
        db.session.add(agent)
        db.session.commit()
        found = agent.id, agent.email
        db.session.remove()
    return found


class Keyboard:
    """Every key the agent presses, counted; page loads counted by the browser's load events."""

    def __init__(self, page):
        self.page, self.keys, self.loads = page, 0, 0
        page.on("load", self._loaded)

    def _loaded(self, _page) -> None:
        self.loads += 1

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.keys += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.keys += len(text)

    def submit(self, key: str = "Enter") -> None:
        """Press a key that leaves the page, and wait for the next one."""
        with self.page.expect_navigation():
            self.press(key)


def focused(page) -> str:
    return page.evaluate("document.activeElement && (document.activeElement.id || document.activeElement.name)")


def tab_to(kb: Keyboard, target: str, most: int = 20) -> None:
    """Press Tab until the control ``target`` (an id or a name) has the focus, at most ``most`` times."""
    for _ in range(most):
        kb.press("Tab")
        if focused(kb.page) == target:
            return
    raise AssertionError(f"{target} never had the focus; {focused(kb.page)} has it")


def log_in(page, kb: Keyboard, email: str) -> None:
    page.goto("/agent/login")
    # autofocus: the agent types straight away. The browser applies it at a rendering step, maybe after the load.
    expect(page.locator("#email")).to_be_focused()
    kb.type(email)
    kb.press("Tab")
    kb.type(PASSWORD)
    kb.submit()
    assert page.url.endswith("/agent/")


def test_keyboard_only_booking_for_a_salaried_caller_in_69001(page, live_server, capsys):
    agent_id, email = new_agent(live_server)
    kb = Keyboard(page)
    log_in(page, kb, email)
    assert_no_axe_violations(page)
    assert focused(page) == "status"  # the first question has the focus
    kb.press("Space")                # "Employee in the private sector" is the first choice
    kb.submit()                      # Enter: the answers reveal the follow-up questions
    assert focused(page) == "contract"
    assert_no_axe_violations(page)
    kb.press("Space", "Tab", "ArrowDown")  # permanent contract; manager: "no" (second choice)
    kb.press("Tab")
    kb.type("69001")
    kb.press("Tab", "Space")               # needs: the first one
    kb.press(*["Tab"] * 12, "Space")       # past the other needs: deadline "none" (first)
    kb.press("Tab", "Space")               # modality: on site (first)
    kb.submit()
    assert "/agent/call/" in page.url
    assert page.locator("h1").inner_text() == "Réserver pour l'appelant"
    assert focused(page) == "name"  # the caller's details come first: the name has the focus
    assert_no_axe_violations(page)
    kb.type("Jeanne Martin")
    kb.press("Tab")
    kb.type("0612345678")                  # confirmation by text message is preselected
    tab_to(kb, "slot")                     # past the e-mail and the ways of meeting: the first free time
    first_slot = page.locator("input[name=slot]").first.get_attribute("value")
    kb.press("Space")                      # take it
    tab_to(kb, "consent")                  # past "more times", "later times" and the confirmation choice
    kb.press("Space", "Tab")               # consent; the "Book" button
    kb.submit()
    assert "/agent/bookings/" in page.url and page.locator(".agent-reference").is_visible()
    assert_no_axe_violations(page)
    reference = page.locator(".agent-reference").inner_text().replace("-", "")
    assert "Canal : téléphone" in page.content() and email in page.content()
    with live_server.app.app_context():
        booking = db.session.scalar(select(Booking).where(Booking.reference == reference))
        assert (booking.channel, booking.agent_id, booking.status) == ("phone", agent_id, "confirmed")
        assert booking.start == datetime.fromisoformat(first_slot.rsplit("_", 1)[0])
        db.session.remove()
    with capsys.disabled():
        print(f"\nagent booking, from the login page: {kb.loads} page loads, {kb.keys} keystrokes")
    assert kb.loads <= 5
    click_through(page, page.get_by_role("button", name="Annuler le rendez-vous"))
    assert_no_axe_violations(page)  # the question before cancelling
    click_through(page, page.get_by_role("button", name="Oui, annuler"))
    with live_server.app.app_context():
        assert db.session.scalar(select(Booking.status).where(Booking.reference == reference)) == "cancelled"
        db.session.remove()


def test_keyboard_only_jobseeker_is_rerouted_to_france_travail(page, live_server, capsys):
    agent_id, email = new_agent(live_server)
    kb = Keyboard(page)
    log_in(page, kb, email)
    kb.press(*["ArrowDown"] * 5)  # status: the sixth choice, registered jobseeker (arrows select)
    kb.submit()
    assert focused(page) == "age"
    kb.press("ArrowDown")         # 26 or over
    kb.submit()
    assert page.locator("h1").inner_text() == "Réorienter l'appelant"
    assert "France Travail" in page.content() and "3949" in page.content()
    assert_no_axe_violations(page)
    kb.submit()                   # the focused "contacts read out" button
    assert page.url.endswith("/agent/?done=reroute")
    with live_server.app.app_context():
        prequal = db.session.scalars(select(Prequal).where(Prequal.agent_id == agent_id)).one()
        assert (prequal.scope, prequal.networks, prequal.channel) == ("out", ["france_travail"], "phone")
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.agent_id == agent_id,
                                                           AuditEntry.action == "reroute"))
        assert entry.details["prequal_id"] == prequal.id
        db.session.remove()
    with capsys.disabled():
        print(f"\nagent re-route, from the login page: {kb.loads} page loads, {kb.keys} keystrokes")


def _lyon_site(live_server) -> str:
    with live_server.app.app_context():
        site_id = db.session.scalar(select(Site.id).where(Site.operator_id == "demo-op-84").order_by(Site.id))
        db.session.remove()
    return site_id


def _salaried_call(live_server, manager: str = "no") -> str:
    """The id of a finished phone questionnaire of a salaried caller in Lyon 1er, recorded in the live database."""
    with live_server.app.app_context():
        answers = {"status": "employee", "contract": "permanent", "manager": manager, "place": "69001",
                   "needs": ["progress"], "deadline": "none", "modality": "site"}
        prequal_id = record_prequal(answers, "phone", None, None, "fr", clock.now()).id
        db.session.remove()
    return prequal_id


def test_without_javascript_the_pickers_buttons_keep_the_callers_details(browser, live_server):
    """The ways of meeting and "more times" are buttons of the booking form: what was typed stays; Enter books."""
    _agent_id, email = new_agent(live_server)
    prequal_id = _salaried_call(live_server)
    with browser_context(browser, java_script_enabled=False, base_url=live_server.url, locale="fr-FR") as context:
        page = context.new_page()
        log_in(page, Keyboard(page), email)
        page.goto(f"/agent/call/{prequal_id}")
        page.locator("#name").fill("Jeanne Martin")
        page.locator("#email").fill("jeanne@example.fr")
        click_through(page, page.locator("button[name=more]").first)
        expect(page.locator("#name")).to_have_value("Jeanne Martin")
        expect(page.locator("#email")).to_have_value("jeanne@example.fr")
        other_way = page.locator("button[name=modality][aria-pressed=false]").first
        chosen = other_way.get_attribute("value")
        click_through(page, other_way)
        assert page.locator(f"button[name=modality][value={chosen}]").get_attribute("aria-pressed") == "true"
        expect(page.locator("#name")).to_have_value("Jeanne Martin")
        with page.expect_navigation():
            page.locator("#email").press("Enter")  # the form's default button is "Book", not a way of meeting
        assert page.locator("#slot-error").is_visible()  # no time chosen yet: told so, details kept
        expect(page.locator("#email")).to_have_value("jeanne@example.fr")


def test_an_agent_of_another_operator_gets_403(page, live_server):
    site_id = _lyon_site(live_server)
    _agent_id, email = new_agent(live_server, operator_id="demo-op-11")
    kb = Keyboard(page)
    log_in(page, kb, email)
    assert page.goto(f"/agent/day?site={site_id}").status == 403
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.goto("/agent/").text()).group(1)
    prequal_id = _salaried_call(live_server)
    assert page.goto(f"/agent/call/{prequal_id}?site={site_id}").status == 403
    response = page.request.post(f"/agent/call/{prequal_id}/book", form={
        "csrf_token": token, "site": site_id, "slot": "2026-12-02T10:00:00+01:00_site", "name": "X",
        "phone": "0612345678", "confirm": "sms", "consent": "yes"})
    assert response.status == 403
    page.goto(f"/agent/call/{prequal_id}")
    assert page.locator("input[name=slot]").count() == 0  # told to transfer the call
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", ["/agent/", "/agent/bookings", "/agent/day", "/agent/audit"])
def test_logged_out_goes_to_the_login_page(page, live_server, path):
    page.goto(path)
    assert "/agent/login?next=" in page.url


def test_search_day_and_audit_pages_are_accessible(page, live_server):
    _agent_id, email = new_agent(live_server, operator_id="demo-op-84", role="supervisor")
    log_in(page, Keyboard(page), email)
    for lang in (None, "en"):  # the search: typed into the form, sent by POST; its results are on that answer
        goto(page, "/agent/bookings", lang)
        page.locator("#q").fill("Martin")
        click_through(page, page.locator("form[role=search] button[type=submit]"))
        assert urlsplit(page.url).path == "/agent/bookings" and "Martin" not in page.url and "q=" not in page.url
        expect(page.locator("#q")).to_have_value("Martin")  # the form keeps what was typed
        expect(page.locator("table caption")).to_be_visible()
        assert_no_axe_violations(page)
    for path in (f"/agent/day?site={_lyon_site(live_server)}", "/agent/audit"):
        assert page.goto(path).status == 200, path
        assert_no_axe_violations(page)
    _day_view_by_keyboard(page, live_server)
    for lang, said in (("fr", "a consulté les rendez-vous du"), ("en", "read the appointments of")):
        goto(page, "/agent/audit", lang)  # what the supervisor just did, in words
        expect(page.locator("tbody tr").first).to_contain_text(f"{email} {said}")
        assert_no_axe_violations(page)


def _day_view_by_keyboard(page, live_server) -> None:
    """The day view of an agent of one operator: its sites under its operator's name; a site picked by keyboard."""
    with live_server.app.app_context():
        operator = db.session.get(Operator, "demo-op-84").name
        db.session.remove()
    page.goto("/agent/day")
    assert page.locator("#site optgroup").evaluate_all("groups => groups.map(g => g.label)") == [operator]
    kb = Keyboard(page)
    for _ in range(40):  # from the top of the page to the site picker
        if focused(page) == "site":
            break
        kb.press("Tab")
    first = page.locator("#site").input_value()
    kb.press("ArrowDown")  # the next site, without opening the list
    chosen = page.locator("#site").input_value()
    assert chosen != first
    kb.press("Tab", "Tab")  # the day, then the button
    kb.submit()
    assert f"site={chosen}" in page.url
    expect(page.locator("main h2 + p.muted")).to_have_text(operator)


def test_a_manager_caller_picks_a_network_and_the_page_is_axe_clean(browser, live_server):
    """Offered a choice, the caller picks APEC: one button per network, reached with the keyboard."""
    _agent_id, email = new_agent(live_server)
    prequal_id = _salaried_call(live_server, manager="yes")
    with browser_context(browser, base_url=live_server.url, locale="fr-FR") as context:
        page = context.new_page()
        keys = Keyboard(page)
        log_in(page, keys, email)
        page.goto(f"/agent/call/{prequal_id}")
        assert_no_axe_violations(page)
        chooses = page.locator("button[name=network][value=apec]")
        assert chooses.inner_text() == "La personne choisit Apec : l'enregistrer et terminer l'appel"
        chooses.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
    with live_server.app.app_context():
        assert db.session.get(Prequal, prequal_id).chosen == "apec"
        db.session.remove()
