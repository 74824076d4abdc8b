"""Every user-facing string has its French translation; the catalogues are up to date with the code."""
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from scripts.i18n import FEATURES

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "translations").glob("*/fr/LC_MESSAGES/messages.po"))


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-4])
def test_french_catalogue_is_complete(po):
    with open(po, "rb") as fh:
        catalog = read_po(fh)
    missing = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not catalog.fuzzy, f"{po} has a fuzzy header: pybabel compile would silently skip it"
    assert not missing, f"untranslated in {po}: {missing[:10]}"
    assert not fuzzy, f"fuzzy in {po}: {fuzzy[:10]}"


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_catalogue_has_every_string_of_the_code(feature, tmp_path):
    """Extracting again finds nothing the French catalogue lacks (i.e. `make i18n` was run)."""
    pot = tmp_path / "messages.pot"
    own_cfg = ROOT / "bookingsite" / feature / "babel.cfg"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(own_cfg if own_cfg.exists() else ROOT / "babel.cfg"),
                                "-k", "_l", "-k", "N_", "-o", str(pot),
                                *[str(ROOT / s) for s in FEATURES[feature] if (ROOT / s).exists()]])
    with open(pot, "rb") as fh:
        in_code = {m.id for m in read_po(fh) if m.id}
    with open(ROOT / "translations" / feature / "fr" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        translated = {m.id for m in read_po(fh) if m.id}
    assert in_code <= translated, f"run `make i18n` and translate: {sorted(in_code - translated)[:10]}"
