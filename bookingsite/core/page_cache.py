"""Rendered pages kept in process memory, for pages that are the same for every visitor at the same version.

A page is found again by its key: the language, the host, the path with its query string, and a version the view
gives (the directory snapshot, the open states and first free slots it shows...). Anything the page shows must be
in that key, so a changed slot or directory changes the key rather than waiting for an expiry: the same rule as
the free-slot cache (``availability.slot_cache``). A page holding a CSRF token belongs to one session: it is
rendered every time and never kept.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app, request
from flask_babel import get_locale

from bookingsite.core.http_cache import CSRF_IN_PAGE

ENTRIES = 512  # per process; a results page is ~30 kB


def cached_page(version: Hashable, render: Callable[[], str]) -> str:
    """The page for this request at ``version``, rendered by ``render`` on a miss."""
    pages: OrderedDict = current_app.extensions.setdefault("page_cache", OrderedDict())
    key = (str(get_locale()), request.host_url, request.full_path, version)
    html = pages.get(key)
    if html is not None:
        pages.move_to_end(key)
        return html
    html = render()
    if not request.environ.get(CSRF_IN_PAGE):
        pages[key] = html
        while len(pages) > ENTRIES:
            pages.popitem(last=False)
    return html
