"""The audit log page says what happened in words, in French and English, without personal data."""
from __future__ import annotations

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bookingsite.extensions import db
from bookingsite.models.agent import AuditEntry
from tests.factories import make_operator, make_site
from tests.staff.staff_helpers import login, make_agent

AT = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("UTC"))
MOVED = {"site_id": "site-audit", "old_start": "2026-12-02T09:00:00+00:00", "new_start": "2026-12-03T13:30:00+00:00"}
# (action, reference, details): one entry of each kind the page has words for, and one it has none for.
ENTRIES = [
    ("booking_cancelled", "ABCD1234", {"site_id": "site-audit"}),
    ("privacy_export", "ABCD1234", {"by": "email"}),
    ("booking_moved", "ABCD1234", MOVED),
    ("search", None, {"kind": "name", "results": 3}),
    ("day_viewed", None, {"site_id": "site-audit", "day": "2026-12-02", "bookings": 0}),
    ("confirmation_resent", "ABCD1234", {"via": "sms", "sent": False, "link_revoked": False}),
    ("teleported", None, {"secret_code": "xyz-42"}),
]


@pytest.fixture
def audited(app, client):
    """A supervisor, logged in, reading the entries of an agent called Marie Dupont."""
    operator = make_operator(name="CEP Bretagne", region_code="53")
    make_site(id="site-audit", name="Rennes centre", operator_id=operator.id)
    marie = make_agent(email="marie.dupont@example.org", operator_id=operator.id)
    for action, reference, details in ENTRIES:
        db.session.add(AuditEntry(at=AT, agent_id=marie.id, action=action, booking_reference=reference,
                                  details=details))
    db.session.commit()
    login(client, make_agent(role="supervisor", operator_id=operator.id))
    return client


@pytest.mark.parametrize("lang, sentences", [
    ("fr", [
        "marie.dupont@example.org a annulé le rendez-vous ABCD-1234",
        "marie.dupont@example.org a exporté les données d'une personne (rendez-vous ABCD-1234)",
        ("marie.dupont@example.org a déplacé le rendez-vous ABCD-1234 du mercredi 2 décembre 2026, 10 h "
         "au jeudi 3 décembre 2026, 14 h 30"),  # in the site's local time, French style
        "marie.dupont@example.org a cherché des rendez-vous par nom (3 résultats)",
        "marie.dupont@example.org a consulté les rendez-vous du mercredi 2 décembre 2026 du lieu d'accueil Rennes centre",
        "marie.dupont@example.org a essayé de renvoyer la confirmation du rendez-vous ABCD-1234 par SMS, sans succès",
        "marie.dupont@example.org a fait une autre action",
    ]),
    ("en", [
        "marie.dupont@example.org cancelled appointment ABCD-1234",
        "marie.dupont@example.org exported a person's data (appointment ABCD-1234)",
        ("marie.dupont@example.org moved appointment ABCD-1234 from Wednesday 2 December 2026, 10:00 "
         "to Thursday 3 December 2026, 14:30"),
        "marie.dupont@example.org searched the bookings by name (3 results)",
        "marie.dupont@example.org read the appointments of Wednesday 2 December 2026 at Rennes centre",
        ("marie.dupont@example.org tried to send the confirmation of appointment ABCD-1234 again by text message, "
         "without success"),
        "marie.dupont@example.org took another action",
    ]),
])
def test_the_audit_log_says_what_happened_in_words(audited, lang, sentences):
    page = html.unescape(audited.get("/agent/audit", query_string={"lang": lang}).get_data(as_text=True))
    shown = re.findall(r"<td>([^<]*)</td></tr>", page)
    assert shown[1:] == sentences[::-1]  # latest first, after the supervisor's own login
    for raw in ("booking_cancelled", "privacy_export", "teleported", "xyz-42", "site_id", "old_start"):
        assert raw not in page  # no action code, detail key or unknown detail shown


def test_the_reference_filter_takes_the_reference_as_read_out(audited):
    page = html.unescape(audited.get("/agent/audit", query_string={"reference": "abcd-1234", "lang": "en"})
                         .get_data(as_text=True))
    assert "cancelled appointment ABCD-1234" in page and "searched the bookings" not in page


def test_an_entry_of_an_older_shape_is_told_generically(audited, app):
    """An entry whose agent is gone and whose details cannot be read: a national supervisor reads it in words."""
    db.session.add(AuditEntry(at=AT, agent_id=None, action="booking_moved", booking_reference="WXYZ9876",
                              details={"site_id": "gone", "old_start": "not a date", "new_start": "nor this"}))
    db.session.commit()
    national = app.test_client()
    login(national, make_agent(role="supervisor"))
    response = national.get("/agent/audit", query_string={"lang": "en"})
    assert response.status_code == 200  # never a 500 on the log
    assert "An account since removed took another action on appointment WXYZ-9876" in \
        html.unescape(response.get_data(as_text=True))
