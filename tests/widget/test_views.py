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
    assert response.get_data() == (ROOT / "bookingsite" / "static" / "widget.js").read_bytes()


def test_partners_page_without_a_key_shows_the_form(client):
    page = client.get("/partners").get_data(as_text=True)
    assert 'method="get"' in page and 'id="widget_id"' in page and "<textarea" not in page


@pytest.mark.parametrize("query, field", [
    ("widget_id=&postcode=&lang=fr", "widget_id"),  # no widget id
    ("widget_id=abc&postcode=12&lang=fr", "postcode"),  # not a postal code
])
def test_snippet_errors_are_tied_and_keep_what_was_typed(client, query, field):
    response = client.get("/partners?" + query)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'href="#{field}"' in page and f'aria-describedby="{field}-hint {field}-error"' in page
    assert 'value="12"' in page or field == "widget_id"


def test_a_secret_key_typed_as_widget_id_gets_no_snippet(client):
    response = client.get("/partners?widget_id=sk_SeCrEt-key&lang=fr")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'href="#widget_id"' in page
    assert "<textarea" not in page and "data-partner" not in page


def test_snippet_for_a_widget_id_links_to_a_preview(client):
    page = client.get("/partners?widget_id=mairie-de-lyon&postcode=75011&lang=en").get_data(as_text=True)
    assert ('&lt;script src=&#34;http://localhost/widget.js&#34; data-partner=&#34;mairie-de-lyon&#34; '
            'data-postcode=&#34;75011&#34; data-lang=&#34;en&#34; async&gt;&lt;/script&gt;') in page
    assert 'href="/embed/?partner=mairie-de-lyon&amp;postcode=75011&amp;lang=en"' in page
    assert 'src="/widget.js"' not in page  # no live preview for an unknown widget id


def test_demo_widget_id_gets_a_live_preview(demo_app):
    client = demo_app.test_client()
    page = client.get("/partners?widget_id=demo-partner&lang=fr").get_data(as_text=True)
    assert re.search(r'<script src="/widget.js" data-partner="demo-partner" data-lang="fr" '
                     r'data-target="widget-preview" async></script>', page)
    assert '<div id="widget-preview"' in page and "demo-partner-key" not in page
    assert client.get("/embed/?partner=demo-partner").status_code == 200  # the embed needs the widget id only


def test_partner_page_for_the_contact_through_the_signed_link(app, client):
    partner = make_partner(name="Mairie de Test")
    db.session.commit()
    token = contact_token(partner.id, app.secret_key)
    page = client.get(f"/partners/{partner.id}?token={token}")
    assert page.status_code == 200
    assert "Mairie de Test" in page.get_data(as_text=True) and page.get_data(as_text=True).count("<tr>") == 14
    assert f"<code>{partner.widget_id}</code>" in page.get_data(as_text=True)
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
