"""The person's e-mails and SMS per event × modality × language, received by a REAL SMTP server (aiosmtpd).

A confirmation, a move and a reminder offer the manage link; a cancellation offers to book again and never to
cancel; on site gives the address and access notes, by phone and by video no street address; every e-mail names
the regional operator with its phone (the privacy notice sends people there); text and HTML parts, stable Message-ID.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from html.parser import HTMLParser

import pytest

from bookingsite.booking import service
from bookingsite.extensions import current_settings
from bookingsite.messaging.reminders import send_reminders
from bookingsite.messaging.sms import MemorySender
from tests.booking.booking_helpers import PARIS, book_args, set_busy, setup_site
from tests.booking.booking_servers import calendar_parts

START = datetime(2026, 12, 8, 10, 30, tzinfo=PARIS)  # a Tuesday
MOVED = datetime(2026, 12, 9, 10, 30, tzinfo=PARIS)
DAY_BEFORE = datetime(2026, 12, 7, 11, 0, tzinfo=PARIS)
ACCESS = "Entrance B, second floor, lift"
STREET = "1 rue de Paris"
SITE_NAME = "Emploi & Avenir"  # the HTML part escapes what it shows
SHOWN = {
    "fr": {"when": "mardi 8 décembre 2026, 10 h 30", "moved": "mercredi 9 décembre 2026, 10 h 30",
           "phone": "vous appelle au 06 12 34 56 78", "video": "vous envoie le lien avant le rendez-vous",
           "manage": "Déplacer ou annuler mon rendez-vous", "again": "Prendre un autre rendez-vous",
           "subjects": ("confirmé", "Rappel", "déplacé", "annulé")},
    "en": {"when": "Tuesday 8 December 2026, 10:30", "moved": "Wednesday 9 December 2026, 10:30",
           "phone": "calls you on 06 12 34 56 78", "video": "sends you the link before the appointment",
           "manage": "Move or cancel my appointment", "again": "Book another appointment",
           "subjects": ("confirmed", "Reminder", "moved", "cancelled")},
}
EVENTS = ("confirmed", "reminder", "rescheduled", "cancelled")  # the order the test makes them happen


class _Structure(HTMLParser):
    """What the structural check needs: the root's language, headings, tables, resources, links and their text."""

    def __init__(self):
        super().__init__()
        self.lang, self.headings, self.forbidden, self.links, self._link = None, 0, [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        self.headings += tag == "h1"
        if tag in ("table", "img", "script", "link", "iframe", "object") or "src" in attrs:
            self.forbidden.append(tag)
        if tag == "a":
            self._link = [attrs.get("href"), ""]

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append(tuple(self._link))
            self._link = None


def check_html(html: str, locale: str) -> _Structure:
    """A simple structural check: language, one heading, no layout table nor outside resource, clear link texts."""
    structure = _Structure()
    structure.feed(html)
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert structure.lang == locale and structure.headings == 1 and structure.forbidden == []
    for href, text in structure.links:
        assert href.startswith(current_settings().base_url) and text.strip() and "://" not in text
    return structure


def received(smtp_server, address: str) -> list[EmailMessage]:
    """The messages sent to ``address``, parsed as a modern mail client would (text and HTML bodies)."""
    return [message_from_bytes(m.as_bytes(), policy=policy.default) for m in smtp_server.inbox.to(address)]


def _run_the_booking_life(modality: str, locale: str):
    """Book, remind the day before, move, cancel: the four e-mails and texts, in that order."""
    site, _kind = setup_site(access=ACCESS, name=SITE_NAME)
    booking = service.book(**book_args(site, start=START, modality=modality, locale=locale))
    assert send_reminders(DAY_BEFORE)["recorded"] == 1
    set_busy(site.agendas[0].id, [], at=DAY_BEFORE)  # the advisor's calendar, read again that day
    service.reschedule_booking(booking.reference, MOVED, DAY_BEFORE)
    service.cancel_booking(booking.reference, DAY_BEFORE)
    return site, booking


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("modality", ["site", "phone", "video"])
def test_each_event_says_what_it_should(smtp_app, smtp_server, modality, locale):
    site, booking = _run_the_booking_life(modality, locale)
    messages, shown = received(smtp_server, "marie@example.fr"), SHOWN[locale]
    assert len(messages) == 4
    for event, message, word in zip(EVENTS, messages, shown["subjects"]):
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert message["Message-ID"].startswith("<outbox-")  # stable over retries
        assert word in message["Subject"] and booking.reference[:4] in message["Subject"]
        assert bool(calendar_parts(message)) is (event != "reminder")  # the .ics, as before
        structure = check_html(html, locale)
        assert ("Emploi &amp; Avenir" in html) is (modality == "site") and "Emploi & Avenir" not in html
        when = shown["moved"] if event == "cancelled" else shown["when"]
        for part in (text, html.replace("&#39;", "'")):
            assert when in part or event == "rescheduled"
            assert site.operator.name in part and site.operator.phone in part
            assert (STREET in part) is (modality == "site")
            assert (ACCESS in part) is (modality == "site" and event != "cancelled")
            assert (shown["phone"] in part) is (modality == "phone")
            assert (shown["video"] in part) is (modality == "video")
            assert ("/booking/manage/" in part) is (event != "cancelled")  # a cancellation never offers to cancel
            assert (f"/booking/start?site={site.id}" in part) is (event == "cancelled")
        texts = [t for _h, t in structure.links]
        assert texts == [shown["again"] if event == "cancelled" else shown["manage"]]
    assert shown["moved"] in messages[2].get_body(("plain",)).get_content()


@pytest.mark.parametrize("modality", ["site", "phone", "video"])
def test_text_messages_follow_the_same_rules(smtp_app, modality):
    site, _booking = _run_the_booking_life(modality, "fr")
    texts = [text for _to, text in MemorySender.sent]
    assert len(texts) == 4
    for event, text in zip(EVENTS, texts):
        assert ("/booking/manage/" in text) is (event != "cancelled")
        assert (f"start?site={site.id}" in text) is (event == "cancelled")
        assert (STREET in text) is (modality == "site" and event != "cancelled")
        assert ("10 h 30" in text) and "10:30" not in text
        assert len(text) <= 3 * 153  # at most three SMS
    assert site.operator.phone in texts[0]  # the confirmation gives the operator's contact


def test_operator_mail_speaks_in_labels(smtp_app, smtp_server):
    site, _kind = setup_site(booking_email="rdv-site@cep.example.fr")
    service.book(**book_args(site, start=START, modality="phone", locale="en"))
    message = received(smtp_server, "rdv-site@cep.example.fr")[0]
    text = message.get_body(("plain",)).get_content()
    assert "Modalité : Par téléphone" in text and "Canal : Site web" in text
    assert "mardi 8 décembre 2026, 10 h 30" in text
    shown = {line.rpartition(" : ")[2] for line in text.splitlines()} | {text.rpartition("(")[2].strip(")\n")}
    assert not shown & {"phone", "video", "site", "web", "widget"}  # no code, only their labels


def test_reminder_needs_no_calendar_file_and_keeps_its_ids(smtp_app, smtp_server):
    site, _kind = setup_site()
    service.book(**book_args(site, start=START, phone=None))
    send_reminders(DAY_BEFORE + timedelta(minutes=1))
    confirmation, reminder = received(smtp_server, "marie@example.fr")
    assert confirmation["Message-ID"] != reminder["Message-ID"]
    assert confirmation.get_content_type() == "multipart/mixed"
    alternative = confirmation.get_payload()[0]
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.get_payload()] == ["text/plain", "text/html", "text/calendar"]
    assert reminder.get_content_type() == "multipart/alternative"
