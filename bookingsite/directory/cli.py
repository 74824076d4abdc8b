"""Commands: ``db upgrade``, ``demo load``, ``directory import FILE``, ``directory export``."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask.cli import AppGroup

from bookingsite.config import ROOT
from bookingsite.directory.demo import DEMO_PARTNER_KEY, DEMO_WIDGET_ID, demo_directory
from bookingsite.directory.fileformat import write_json
from bookingsite.directory.schema import DirectoryError
from bookingsite.directory.store import export_directory, import_directory
from bookingsite.extensions import current_settings, db

db_cli = AppGroup("db", help="Database schema.")
demo_cli = AppGroup("demo", help="Demonstration data.")
directory_cli = AppGroup("directory", help="The directory of operators, sites and agendas.")


def upgrade_database(target: str = "heads") -> None:
    """Bring the schema up to date with every migration (all feature branches), or up to ``target``."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the database schema."""
    upgrade_database()
    click.echo("Database schema is up to date.")


@demo_cli.command("load")
@click.option("--base-url", default=None, help="Where this site is served (the demo feeds are fetched there).")
def demo_load(base_url: str | None) -> None:
    """Load the demo directory (18 fictitious operators, 150+ sites, demo feeds, the demo partner)."""
    upgrade_database()
    document = demo_directory(base_url or current_settings().base_url)
    counts = import_directory(db.session, write_json(document))
    click.echo(f"Demo data loaded: {counts['operators']} operators, {counts['sites']} sites, "
               f"{counts['agendas']} agendas. Demo partner: widget id {DEMO_WIDGET_ID}, "
               f"API key {DEMO_PARTNER_KEY}")


@directory_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default=None, help="Default: from the extension.")
def directory_import(path: Path, fmt: str | None) -> None:
    """Create or replace, by id, the entries of a JSON or CSV directory file (all or nothing)."""
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "json")
    try:
        counts = import_directory(db.session, path.read_text(encoding="utf-8-sig"), fmt)
    except DirectoryError as exc:
        click.echo(f"Nothing was imported: {len(exc.problems)} problem(s) in {path}:", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    click.echo("Imported: " + ", ".join(f"{n} {section}" for section, n in counts.items()))


@directory_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def directory_export(fmt: str, output: Path | None) -> None:
    """Write the whole directory as JSON or CSV (to stdout by default)."""
    text = export_directory(db.session, fmt)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
