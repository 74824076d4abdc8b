"""The accessibility statement's status follows RGAA's rule; the statement and the legal notice pages."""
from datetime import date

import pytest

from bookingsite.core.statement import FULL, NONE, PARTIAL, compliance


@pytest.mark.parametrize("audit_date, rate, status", [
    (None, None, NONE),  # no audit: RGAA says the site must call itself non-compliant
    ("2026-11-20", None, NONE),  # an audit without its rate says nothing
    ("2026-11-20", 100.0, FULL),  # every criterion met
    ("2026-11-20", 87.5, PARTIAL),  # half or more
    ("2026-11-20", 50.0, PARTIAL),  # the boundary is partial
    ("2026-11-20", 49.9, NONE),  # under half
])
def test_compliance_status(audit_date, rate, status):
    assert compliance(audit_date, rate, "Auditeur").status == status


def test_an_audit_keeps_its_date_and_auditor():
    found = compliance("2026-11-20", 87.5, "Access42")
    assert (found.audit_date, found.rate, found.auditor) == (date(2026, 11, 20), 87.5, "Access42")


def test_without_an_audit_the_statement_says_non_compliant(make_app):
    page = make_app().test_client().get("/accessibility").get_data(as_text=True)
    assert "non conforme" in page and "Défenseur des droits" in page
    for part in ("État de conformité", "Contenus non accessibles", "Établissement de cette déclaration",
                 "Retour d'information et contact", "Voies de recours"):
        assert part in page, part


def test_an_audited_site_states_its_rate_date_and_scope(make_app):
    app = make_app(ACCESSIBILITY_AUDIT_DATE="2026-11-20", ACCESSIBILITY_AUDIT_RATE=87.5,
                   ACCESSIBILITY_AUDITOR="Access42", CONTACT_EMAIL="a11y@cep.example.fr")
    page = app.test_client().get("/accessibility").get_data(as_text=True)
    assert "partiellement conforme" in page and "87,5" in page and "20 novembre 2026" in page
    assert "Access42" in page and "a11y@cep.example.fr" in page
    english = app.test_client().get("/accessibility?lang=en").get_data(as_text=True)
    assert "partially compliant" in english and "87.5" in english and "20 November 2026" in english


def test_the_legal_notice_names_publisher_host_and_contact(make_app):
    from tests.factories import LEGAL_SETTINGS
    page = make_app(**LEGAL_SETTINGS).test_client().get("/legal").get_data(as_text=True)
    for value in LEGAL_SETTINGS.values():
        assert value.replace("'", "&#39;") in page, value
    assert 'href="/legal"' in page  # the footer links to it from every page
