"""Words shown to people: French contractions of place names."""
import pytest

from bookingsite.labels import contract_french


@pytest.mark.parametrize("text, expected", [
    ("Près de Le Havre (76600)", "Près du Havre (76600)"),  # de + le → du
    ("Près de Les Abymes (97139)", "Près des Abymes (97139)"),  # de + les → des
    ("à Le Mans", "au Mans"),  # à + le → au
    ("à Les Sables-d'Olonne", "aux Sables-d'Olonne"),  # à + les → aux
    ("Près de Amiens (80000)", "Près d'Amiens (80000)"),  # elision before a vowel
    ("Près de Évry-Courcouronnes", "Près d'Évry-Courcouronnes"),  # … an accented one too
    ("Près de La Rochelle (17000)", "Près de La Rochelle (17000)"),  # la: no contraction
    ("Près de L'Isle-Adam", "Près de L'Isle-Adam"),  # already elided by its own article
    ("Près de Lyon 1er Arrondissement", "Près de Lyon 1er Arrondissement"),  # no article
    ("Près de Hyères", "Près de Hyères"),  # before an h: depends on the word, left as is
])
def test_contract_french(text, expected):
    assert contract_french(text) == expected


def test_the_results_page_contracts_the_place(demo_app):
    page = demo_app.test_client().get("/sites/?q=76600").get_data(as_text=True)
    assert "Près du Havre" in page and "Près de Le Havre" not in page
    english = demo_app.test_client().get("/sites/?q=76600&lang=en").get_data(as_text=True)
    assert "Near Le Havre" in english
