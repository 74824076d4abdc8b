"""Gettext catalogues, one per feature: ``python scripts/i18n.py [FEATURE …]`` extracts and updates,
``python scripts/i18n.py compile`` compiles.

Source strings are English; ``translations/<feature>/fr/LC_MESSAGES/messages.po`` holds the French.
A feature may bring its own ``bookingsite/<feature>/babel.cfg`` (e.g. to extract strings from data files).
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
# Feature -> the folders its strings come from.
FEATURES = {
    # directory: demo labels; vocabulary: the shared words (modalities, channels)
    "core": ["bookingsite/core", "bookingsite/templates", "bookingsite/directory", "bookingsite/vocabulary.py",
             "bookingsite/labels.py"],
    **{name: [f"bookingsite/{name}"] for name in
       ("locator", "prequal", "availability", "booking", "messaging", "staff", "privacy", "agent", "widget",
        "piloting", "api")},
}
LOCALES = ["fr"]


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(only: list[str]) -> None:
    """Refresh each feature's template (all, or those named) and update (or create) its French catalogue."""
    for feature, sources in FEATURES.items():
        if only and feature not in only:
            continue
        folder = ROOT / "translations" / feature
        folder.mkdir(parents=True, exist_ok=True)
        own_cfg = ROOT / "bookingsite" / feature / "babel.cfg"
        cfg = own_cfg if own_cfg.exists() else ROOT / "babel.cfg"
        pot = folder / "messages.pot"
        pybabel("extract", "-F", str(cfg), "-k", "_l", "-k", "N_", "--no-location", "--sort-output",
                "--omit-header", "-o", str(pot), *[str(ROOT / s) for s in sources if (ROOT / s).exists()])
        for locale in LOCALES:
            po = folder / locale / "LC_MESSAGES" / "messages.po"
            if po.exists():
                pybabel("update", "-i", str(pot), "-d", str(folder), "-l", locale, "--no-fuzzy-matching",
                        "--ignore-obsolete")
            else:
                pybabel("init", "-i", str(pot), "-d", str(folder), "-l", locale)
            _unfuzzy_header(po)


def _unfuzzy_header(po: Path) -> None:
    """``pybabel init`` marks a new catalogue's header fuzzy, and ``compile`` silently skips fuzzy catalogues."""
    with open(po, "rb") as fh:
        catalog = read_po(fh)
    catalog.fuzzy = False
    with open(po, "wb") as fh:
        write_po(fh, catalog, width=110)


def compile_all() -> None:
    """Compile every catalogue to .mo (what the site reads); fail loudly if one was skipped."""
    for po in sorted((ROOT / "translations").glob("*/*/LC_MESSAGES/messages.po")):
        pybabel("compile", "-d", str(po.parents[2]), "-l", po.parts[-3])
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            sys.exit(f"{po} was not compiled (a fuzzy header?): run `python scripts/i18n.py` and check it")


if __name__ == "__main__":
    if sys.argv[1:2] == ["compile"]:
        compile_all()
    else:
        extract([a for a in sys.argv[1:] if a != "extract"])
