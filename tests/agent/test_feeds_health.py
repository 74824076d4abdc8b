"""The operators' feed health page shows why a feed fails without naming any internal address (issue 14)."""
from __future__ import annotations

from datetime import UTC, datetime

from bookingsite.availability.refresh import refresh_agenda
from bookingsite.config import settings_from
from bookingsite.extensions import db
from bookingsite.models.feeds import FeedSnapshot
from tests.factories import make_agenda, make_site

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_a_refused_feed_is_explained_without_the_address_it_resolved_to(logged_in, app, public_dns):
    public_dns[0]["intranet.example"] = ["10.20.30.40"]
    site = make_site()
    refused = make_agenda(site_id=site.id, name="Refused", feed_url="http://intranet.example/a.ics",
                          allow_private_network=False)
    # A row stored before the fix, when the reason named the address.
    older = make_agenda(site_id=site.id, name="Older", feed_url="http://old.example/a.ics")
    db.session.add(FeedSnapshot(agenda_id=older.id, status="error", error_code="private_address",
                                error="the address old.example points to a private or local network (10.9.8.7)",
                                last_error_at=NOW, checked_at=NOW))
    db.session.commit()
    assert refresh_agenda(refused, NOW, settings_from(app.config)) == "error"
    page = logged_in.get("/agent/feeds/health?lang=en").get_data(as_text=True)
    assert page.count("points to a private network, which is not allowed") == 2
    assert "10.20.30.40" not in page and "10.9.8.7" not in page
