"""The page that says what career advice (CEP) is: linked from home and every footer, in French and English."""
import re

import pytest


@pytest.mark.parametrize("lang, heading, levels_title", [
    ("fr", "Qu'est-ce que le conseil en évolution professionnelle ?", "Trois niveaux de service"),  # default
    ("en", "What is career advice (CEP)?", "Three levels of service"),  # the visitor chose English
])
def test_the_page_says_what_the_cep_is(client, lang, heading, levels_title):
    page = client.get("/about-cep", query_string={"lang": lang}).get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in page and levels_title in page
    levels = page[page.index('class="cep-levels"'):]
    assert levels[:levels.index("</ol>")].count("<li>") == 3  # welcome, advice, support
    assert 'href="/questionnaire/"' in page and 'href="/sites/"' in page  # what to do next


def test_home_and_every_footer_link_to_it(client):
    home = client.get("/").get_data(as_text=True)
    assert len(re.findall(r'href="/about-cep"', home)) == 2  # under the home's lead, and in the footer
    assert 'href="/about-cep"' in client.get("/legal").get_data(as_text=True)
