"""Packaging step the declarative ``pyproject.toml`` cannot express: ship the compiled gettext catalogues.

The catalogues' sources live in ``translations/<feature>/`` beside the package; a wheel without their ``.mo`` files
would serve English text under ``<html lang="fr">``. ``build_py`` compiles them into
``bookingsite/translations/<feature>/<locale>/LC_MESSAGES/messages.mo`` inside the built package.
"""
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    """The package's modules and data, plus every feature's compiled catalogue."""

    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        sources = sorted(Path("translations").glob("*/*/LC_MESSAGES/messages.po"))
        if not sources:  # an sdist without MANIFEST.in's translations would otherwise build an English-only site
            raise RuntimeError("no gettext catalogue under translations/: the package would serve English only")
        for po in sources:
            with po.open("rb") as fh:
                catalog = read_po(fh)
            target = Path(self.build_lib) / "bookingsite" / po.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as fh:
                write_mo(fh, catalog)


setup(cmdclass={"build_py": BuildWithCatalogues})
