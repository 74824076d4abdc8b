"""A small driver of the embedded flow through the Flask test client, as a browser in a frame would post."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bookingsite.directory.keys import hash_api_key
from tests.factories import make_agenda, make_appointment_type, make_partner, make_site

WIDGET_ID = "partner-widget"  # publishable: what data-partner holds
API_KEY = "sk_test-widget-key"  # secret: X-Api-Key only
PARTNER_ORIGIN = "http://partner.example:8000"
_HIDDEN = re.compile(r'<input type="hidden" name="(state|csrf)" value="([^"]*)"')


EMPTY_FEED = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"


def partner_site(httpserver, **partner_overrides):
    """A partner with a widget id, an API key and one origin; a site in Paris 11e whose one agenda's feed (served on loopback) is
    empty, so every opening hour is free; the first-interview type."""
    httpserver.expect_request("/agenda.ics").respond_with_data(EMPTY_FEED, content_type="text/calendar")
    values = {"widget_id": WIDGET_ID, "api_key_hash": hash_api_key(API_KEY), "origins": [PARTNER_ORIGIN]}
    partner = make_partner(**{**values, **partner_overrides})
    site = make_site()
    make_agenda(site_id=site.id, feed_url=httpserver.url_for("/agenda.ics"))
    make_appointment_type()
    return partner, site


@dataclass
class Flow:
    """The hidden fields of the last page, carried to the next post (as the page itself does)."""

    client: object
    fields: dict = field(default_factory=dict)
    last: object = None

    def take(self, response):
        self.last = response
        found = dict(_HIDDEN.findall(response.get_data(as_text=True)))
        if found:
            self.fields = found
        return response

    def start(self, query: str = ""):
        return self.take(self.client.get(f"/embed/?partner={WIDGET_ID}&origin={PARTNER_ORIGIN}{query}"))

    def post(self, path: str, **data):
        return self.take(self.client.post(path, data={**self.fields, **data}))

    def step(self, step_id: str, action: str = "next", **values):
        return self.post(f"/embed/step/{step_id}", shown=list(values), action=action, **values)

    def questionnaire(self, status: str = "employee"):
        """An employee's answers, step by step (the place step is skipped: the site was chosen)."""
        self.step("situation", status=status)
        if status != "employee":
            return self.last
        self.step("situation", status="employee", contract="permanent", manager="no")
        self.step("need", needs=["progress"])
        self.step("urgency", deadline="none")
        return self.step("preferences", modality="site")


def printed_key(output: str) -> str:
    """The secret API key a `flask partners` command printed."""
    return re.search(r"Secret API key[^:]*: (\S+)", output).group(1)


def html(response) -> str:
    return response.get_data(as_text=True)


def first_slot(response) -> str:
    """The value of the first time offered on the slot page."""
    return re.search(r'name="slot" value="([^"]+)"', html(response)).group(1)
