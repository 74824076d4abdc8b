"""widget.js, the "for partners" page and its snippet generator, a partner's figures page."""
import re

import pytest

from bookingsite.config import ROOT
from bookingsite.extensions import db
from bookingsite.widget.views import contact_token
from tests.factories import make_partner
from tests.staff.staff_helpers import login, make_agent


def test_widget_js_is_served_as_javascript_to_any_page(client):
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response.get_data() == (ROOT / "static" / "widget.js").read_bytes()


def test_partners_page_without_a_key_shows_the_form(client):
    page = client.get("/partners").get_data(as_text=True)
    assert 'method="get"' in page and 'id="key"' in page and "<textarea" not in page


@pytest.mark.parametrize("query, field", [
    ("key=&postcode=&lang=fr", "key"),  # no key
    ("key=abc&postcode=12&lang=fr", "postcode"),  # not a postal code
])
def test_snippet_errors_are_tied_and_keep_what_was_typed(client, query, field):
    response = client.get("/partners?" + query)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'href="#{field}"' in page and f'aria-describedby="{field}-hint {field}-error"' in page
    assert 'value="12"' in page or field == "key"


def test_snippet_for_a_partner_key_links_to_a_preview(client):
    page = client.get("/partners?key=pk_abc&postcode=75011&lang=en").get_data(as_text=True)
    assert ('&lt;script src=&#34;http://localhost/widget.js&#34; data-partner=&#34;pk_abc&#34; '
            'data-postcode=&#34;75011&#34; data-lang=&#34;en&#34; async&gt;&lt;/script&gt;') in page
    assert 'href="/embed/?partner=pk_abc&amp;postcode=75011&amp;lang=en"' in page
    assert 'src="/widget.js"' not in page  # no live preview for an unknown key


def test_demo_key_gets_a_live_preview(demo_app):
    page = demo_app.test_client().get("/partners?key=demo-partner-key&lang=fr").get_data(as_text=True)
    assert re.search(r'<script src="/widget.js" data-partner="demo-partner-key" data-lang="fr" '
                     r'data-target="widget-preview" async></script>', page)
    assert '<div id="widget-preview"' in page


def test_partner_page_for_the_contact_through_the_signed_link(app, client):
    partner = make_partner(name="Mairie de Test")
    db.session.commit()
    token = contact_token(partner.id, app.secret_key)
    page = client.get(f"/partners/{partner.id}?token={token}")
    assert page.status_code == 200
    assert "Mairie de Test" in page.get_data(as_text=True) and page.get_data(as_text=True).count("<tr>") == 14
    other = make_partner()
    db.session.commit()
    assert client.get(f"/partners/{other.id}?token={token}").status_code == 302  # another partner's link: login


def test_partner_page_for_supervisors_only(app, client):
    partner = make_partner()
    db.session.commit()
    assert client.get(f"/partners/{partner.id}").headers["Location"].startswith("/agent/login")
    login(client, make_agent(role="agent"))
    assert client.get(f"/partners/{partner.id}").status_code == 403
    client.post("/agent/logout")
    supervisor = make_agent(role="supervisor")
    login(client, supervisor)
    assert client.get(f"/partners/{partner.id}").status_code == 200
    assert client.get("/partners/nobody").status_code == 404
