"""The snippet generator's checks and output."""
import pytest

from bookingsite.widget.snippet import SnippetRequest, build_snippet, check_request


@pytest.mark.parametrize("asked, fields", [
    (SnippetRequest("demo-partner", "75011", "fr"), set()),  # complete
    (SnippetRequest("Mairie_de.Lyon-2", "", "en"), set()),  # the postal code is optional
    (SnippetRequest("", "", "fr"), {"widget_id"}),  # a widget id is needed
    (SnippetRequest('k" onload="x', "", "fr"), {"widget_id"}),  # nothing that could leave the attribute
    (SnippetRequest("sk_AbC-12_x", "", "fr"), {"widget_id"}),  # a secret API key never goes in a page
    (SnippetRequest("pk_AbC-12_x", "", "fr"), {"widget_id"}),  # nor one issued before widget ids existed
    (SnippetRequest("k", "7501", "fr"), {"postcode"}),  # 4 digits
    (SnippetRequest("k", "", "de"), {"lang"}),  # no German
])
def test_check_request(asked, fields):
    assert set(check_request(asked)) == fields


def test_build_snippet():
    snippet = build_snippet("https://www.example.fr/", SnippetRequest("demo-partner", "75011", "en"))
    assert snippet == ('<script src="https://www.example.fr/widget.js" data-partner="demo-partner" '
                       'data-postcode="75011" data-lang="en" async></script>')
    assert "data-postcode" not in build_snippet("https://x.fr", SnippetRequest("k", "", "fr"))
