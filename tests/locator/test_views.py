"""The locator pages, in French and English, on the demo directory (time frozen at TEST_NOW unless told)."""
import json
import re

import pytest

from tests.locator.helpers import demo_client

GOOD_FRIDAY = "2026-04-03T10:00:00+02:00"


@pytest.fixture
def client(demo_app):
    return demo_app.test_client()


def page(client, url: str, lang: str = "fr"):
    response = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
    return response, response.get_data(as_text=True)


def distances(html: str) -> list[float]:
    found = re.findall(r'<p class="distance"><strong>([\d\s  ,.]+) km</strong>', html)
    return [float(d.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")) for d in found]


def test_form_without_query_works_without_javascript(client):
    response, html = page(client, "/sites/")
    assert response.status_code == 200 and 'name="q"' in html and 'id="locate-me" hidden' in html
    assert "<script>" not in html and "js/locator.js" in html


@pytest.mark.parametrize("lang, operator, near", [
    ("fr", "Votre service de conseil régional : CEP Île-de-France (démo)", "À moins de 30 km"),  # French
    ("en", "Your regional advisor service: CEP Île-de-France (démo)", "Under 30 km"),  # English
])
def test_75011_operator_first_then_ascending_distances(client, lang, operator, near):
    response, html = page(client, "/sites/?q=75011", lang)
    assert response.status_code == 200
    assert html.index(operator) < html.index('class="site-list"')
    assert "01 99 00 00 11" in html and near in html
    found = distances(html)
    assert len(found) == 10 and found == sorted(found) and found[0] < 30
    assert "Paris" in html[html.index('class="site-list"'):][:600]


def test_a_site_of_another_region_names_its_operator(client):
    """Villeneuve-lès-Avignon (Occitanie): Avignon's site, 5 km away, is Provence's; Occitanie's sites are not named."""
    _, html = page(client, "/sites/?q=30400", "en")
    cards = html[html.index('class="site-list"'):].split('<li class="card site-card">')[1:]
    assert "Avignon" in cards[0]
    assert "Another region: Provence-Alpes-Côte d&#39;Azur, run by CEP Provence-Alpes-Côte d&#39;Azur (démo)" in cards[0]
    assert not any("run by CEP Occitanie" in card for card in cards)


def test_distance_is_formatted_by_locale(client):
    _, french = page(client, "/sites/?q=75011", "fr")
    _, english = page(client, "/sites/?q=75011", "en")
    assert re.search(r"<strong>\d+,\d km</strong>", french) and re.search(r"<strong>\d+\.\d km</strong>", english)


def test_97410_lists_reunion_sites_in_reunion_time(client):
    _, html = page(client, "/sites/?q=97410", "en")
    assert "CEP La Réunion (démo)" in html and "Mayotte" not in html
    # 09:00 UTC is 13:00 in Réunion: Saint-Pierre (Tu-Fr 10:00-20:00) is open until 20:00 local time.
    assert "Open now — closes at 20:00" in html


def test_20000_is_corsica(client):
    _, html = page(client, "/sites/?q=20000")
    assert "CEP Corse (démo)" in html and "Espace CEP Ajaccio" in html


def test_good_friday_closed_in_strasbourg_open_in_lyon(make_app):
    client = demo_client(make_app, GOOD_FRIDAY)
    _, strasbourg = page(client, "/sites/?q=67000", "en")
    _, lyon = page(client, "/sites/?q=69001", "en")
    first = strasbourg[strasbourg.index('class="site-list"'):][:900]
    assert "Espace CEP Strasbourg" in first and "Opens tomorrow at 09:00" in first
    assert "Open now — closes at 19:00" in lyon[lyon.index('class="site-list"'):][:900]
    _, site = page(client, "/sites/demo-67482", "fr")
    assert "Jour férié : Vendredi saint" in site


@pytest.mark.parametrize("url, status, message", [
    ("/sites/?q=99999", 200, "No commune has the postal code 99999"),  # unknown code
    ("/sites/?q=abc", 200, "No commune matches “abc”"),  # no such name
    ("/sites/?q=", 200, "Enter a postal code or the name of a town."),  # empty query
    ("/sites/?q=" + "x" * 2000, 400, "This is too long"),  # a 2,000-character query
    ("/sites/?lat=46.5&lon=-5", 200, "This position is not in France, or is at sea"),  # at sea
    ("/sites/?lat=abc&lon=2", 400, "This position could not be read"),  # not a number
    ("/sites/?insee=zzz", 200, "No commune matches"),  # a forged choice link
])
def test_bad_input_gives_a_message_tied_to_the_field(client, url, status, message):
    response, html = page(client, url, "en")
    assert response.status_code == status and message in html
    assert 'aria-describedby="q-hint q-error" aria-invalid="true"' in html


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
                                   "' OR 1=1; DROP TABLE site; --"])
def test_html_and_sql_are_never_echoed_unescaped(client, query):
    response = client.get("/sites/", query_string={"q": query, "lang": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "No commune matches" in html
    assert query not in html or "<" not in query and '"' not in query and "'" not in query


def test_a_postcode_of_several_communes_lets_the_person_choose(client):
    _, html = page(client, "/sites/?q=01000&wheelchair=1", "en")
    assert "Several communes match: choose yours" in html
    assert "/sites/?insee=01053&amp;wheelchair=1" in html and "Saint-Denis-lès-Bourg" in html
    _, chosen = page(client, "/sites/?insee=01344", "en")
    assert "Near Saint-Denis-lès-Bourg (01000)" in chosen


def test_filters_keep_only_matching_sites(client):
    _, html = page(client, "/sites/?q=75011&saturday=1&wheelchair=1&modality=video", "en")
    cards = html.split('class="card site-card"')[1:]
    assert cards and all("Saturdays" in c and "Wheelchair access" in c and "By video" in c for c in cards)
    _, none = page(client, "/sites/?q=75011&saturday=1&evening=1&wheelchair=1&modality=video", "en")
    assert "No site within 300 km matches your search." in none and 'href="/sites/?q=75011">Show every site' in none
    assert 'id="f-saturday" name="saturday" value="1" checked' in html


def test_position_search_keeps_the_position_for_filters(client):
    _, html = page(client, "/sites/?lat=48.86&lon=2.38", "en")
    assert "Near Paris 11e Arrondissement" in html and 'name="lat" value="48.86"' in html


def test_no_site_within_30km_puts_phone_and_video_forward(make_app):
    from bookingsite.extensions import db
    from tests.factories import make_site

    app = make_app()
    with app.app_context():
        make_site(id="far-away", postcode="67000", insee="67482", city="Strasbourg", lat=48.58, lon=7.75,
                  region_code="11")
        db.session.commit()
    _, html = page(app.test_client(), "/sites/?q=75011", "en")
    assert "No site within 30 km" in html and "Book a phone or video appointment" in html


def test_site_page_has_hours_closures_booking_and_json_ld(client):
    response, html = page(client, "/sites/demo-97416?from=2026-12-14", "en")
    assert response.status_code == 200
    assert "Public holiday: Abolition de l&#39;esclavage" in html or "Public holiday: Abolition" in html
    assert "Times are in the local time of La Réunion." in html and "Indian/Reunion" not in html  # no zone id
    french = page(client, "/sites/demo-97416?from=2026-12-14", "fr")[1]
    assert "Les horaires sont à l'heure locale de La Réunion." in french
    assert 'href="/questionnaire/?site=demo-97416"' in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1)
    data = json.loads(block)
    assert data["@type"] == "GovernmentOffice" and data["address"]["postalCode"] == "97410"
    assert {"dayOfWeek": "https://schema.org/Tuesday", "opens": "10:00", "closes": "20:00",
            "@type": "OpeningHoursSpecification"} in data["openingHoursSpecification"]
    assert any(s["validFrom"] == "2026-12-20" for s in data["specialOpeningHoursSpecification"])


def test_site_page_in_french_and_closure_reason(client):
    _, html = page(client, "/sites/demo-69266?from=2026-12-21", "fr")
    assert "Fermé : Fermeture exceptionnelle" in html and "Horaires d'ouverture" in html


@pytest.mark.parametrize("url", ["/sites/nope", "/sites/" + "x" * 500, "/sites/%3Cscript%3E"])
def test_unknown_site_is_a_404_page(client, url):
    assert client.get(url).status_code == 404


def test_bad_from_falls_back_to_today(client):
    response, html = page(client, "/sites/demo-67482?from=not-a-date", "en")
    assert response.status_code == 200 and "Tuesday 1 December" in html


def test_results_show_the_first_free_slot_of_sites_whose_feed_is_known(client):
    """A site with a fresh snapshot shows its next slot; one never fetched shows none (no fetch on this page)."""
    from bookingsite.extensions import db
    from bookingsite.models import Site
    from tests.booking.booking_helpers import set_busy

    site = db.session.get(Site, "demo-75115")
    for agenda in site.agendas:
        set_busy(agenda.id, [])
    _response, html = page(client, "/sites/?q=75015")
    card = html[html.index(site.name):]
    card = card[:card.index("</li>")]
    assert "Prochain rendez-vous disponible : mardi 1 décembre à 11 h" in card  # 09:00 now + 2 h notice
    assert html.count('class="next-slot"') == 1
