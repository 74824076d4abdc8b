"""The copy-paste snippet partners put on their pages, built from a checked widget id, postal code and language."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from bookingsite.directory.keys import looks_secret
from bookingsite.messages import N_
from bookingsite.vocabulary import DEFAULT_LOCALE, LOCALES

WIDGET_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")  # the directory's id form
POSTCODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class SnippetRequest:
    """What the generator form asked for, as typed (so the form can show it again)."""

    widget_id: str = ""
    postcode: str = ""
    lang: str = DEFAULT_LOCALE


def check_request(asked: SnippetRequest) -> dict[str, str]:
    """Field name -> English message for each problem; empty when the snippet can be built."""
    errors = {}
    if looks_secret(asked.widget_id):
        # The one mistake that would publish the partner's secret: refuse it, whatever else is typed.
        errors["widget_id"] = N_("This is a secret API key: never put it in a web page. Enter your widget id.")
    elif not WIDGET_ID.match(asked.widget_id):
        errors["widget_id"] = N_("Enter the widget id you were given (letters, digits, '-', '_' or '.').")
    if asked.postcode and not POSTCODE.match(asked.postcode):
        errors["postcode"] = N_("Enter a postal code of 5 digits, or leave it empty.")
    if asked.lang not in LOCALES:
        errors["lang"] = N_("Choose French or English.")
    return errors


def build_snippet(base_url: str, asked: SnippetRequest) -> str:
    """The <script> element to paste (attribute values escaped, though checked values need none)."""
    attrs = [("src", base_url.rstrip("/") + "/widget.js"), ("data-partner", asked.widget_id)]
    if asked.postcode:
        attrs.append(("data-postcode", asked.postcode))
    attrs.append(("data-lang", asked.lang))
    return "<script " + " ".join(f'{k}="{escape(v)}"' for k, v in attrs) + " async></script>"
