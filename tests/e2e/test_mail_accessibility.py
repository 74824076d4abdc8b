"""The person's HTML e-mails, opened in Chromium as a mail client's web view would show them: zero axe-core
violations, for every event, way of meeting and language (their structure is checked in tests/messaging)."""
from __future__ import annotations

from datetime import datetime

import pytest
from flask_babel import force_locale

from bookingsite.booking import service
from bookingsite.messaging.person_mail import render_mail
from tests.booking.booking_helpers import NOW, PARIS, book_args, setup_site
from tests.e2e.conftest import axe_violations, browser_context, format_violations

START = datetime(2026, 12, 8, 10, 30, tzinfo=PARIS)
EVENTS = ("confirmed", "reminder", "rescheduled", "cancelled")


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_every_html_email_has_no_axe_violations(app, browser, locale):
    site, _kind = setup_site(access="Entrance B, second floor", name="Emploi & Avenir",
                             modalities=["site", "phone", "video"])
    with browser_context(browser) as context:
        page = context.new_page()
        for modality, hour in (("site", 10), ("phone", 11), ("video", 14)):
            booking = service.book(**book_args(site, start=START.replace(hour=hour), modality=modality,
                                               locale=locale, now=NOW))
            for event in EVENTS:
                with force_locale(locale):
                    page.set_content(render_mail(booking, event).html)
                violations = axe_violations(page)
                assert not violations, format_violations(violations, f"{event} e-mail, {modality}, {locale}")
