"""Commands of the `partners` group: register a partner, set the origins that may show its widget, replace or
revoke its secret API key.

Each new key is printed once: only its digest is stored. The publishable widget id (for ``data-partner``) is
set to the partner's id when it is added, and does not change with the key.
"""
from __future__ import annotations

import re

import click
from flask.cli import AppGroup
from sqlalchemy import or_, select

from bookingsite.directory.keys import hash_api_key, new_api_key
from bookingsite.extensions import current_settings, db
from bookingsite.models.directory import Partner
from bookingsite.widget.partners import InvalidOrigin, normalize_origin

partners_cli = AppGroup("partners", help="Partners, their widget ids and secret API keys.")
KEY_NOTICE = "Secret API key (shown once, only its digest is stored; for X-Api-Key, never in a web page): {}"


def _unused(candidate: str) -> bool:
    taken = select(Partner.id).where(or_(Partner.id == candidate, Partner.widget_id == candidate))
    return db.session.scalar(taken) is None


def _partner_id(name: str) -> str:
    """A readable id, free as partner id and widget id, from the name (``Mairie de Lyon`` -> ``mairie-de-lyon``,
    then ``-2``…)."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:56] or "partner"
    candidate, n = base, 1
    while not _unused(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _partner(partner_id: str) -> Partner:
    partner = db.session.get(Partner, partner_id)
    if partner is None:
        raise click.BadParameter(f"no partner has the id {partner_id!r}", param_hint="ID")
    return partner


def _origins(origins: tuple[str, ...]) -> list[str]:
    try:
        return list(dict.fromkeys(normalize_origin(o) for o in origins))
    except InvalidOrigin as exc:
        raise click.BadParameter(f"{exc} is not an origin like https://www.example.fr", param_hint="ORIGIN") from None


@partners_cli.command("add")
@click.argument("name")
@click.option("--origin", "origins", multiple=True, help="https://host[:port] allowed to show the widget (repeat).")
@click.option("--email", "contact_email", default=None, help="The partner's contact (sees the figures page).")
def add_partner(name: str, origins: tuple[str, ...], contact_email: str | None) -> None:
    """Register a partner; prints its widget id, its secret API key once, and its figures link."""
    from bookingsite.widget.views import contact_link

    checked = _origins(origins)
    name = " ".join(name.split())[:200]
    if not name:
        raise click.BadParameter("the name is empty", param_hint="NAME")
    key, partner_id = new_api_key(), _partner_id(name)
    partner = Partner(id=partner_id, widget_id=partner_id, name=name, origins=checked,
                      api_key_hash=hash_api_key(key), active=True, contact_email=contact_email)
    db.session.add(partner)
    db.session.commit()
    settings = current_settings()
    click.echo(f"Partner {partner.id} ({partner.name}) added; origins: {', '.join(checked) or 'none'}.")
    click.echo(f"Widget id (publishable, for data-partner): {partner.widget_id}")
    click.echo(KEY_NOTICE.format(key))
    click.echo(f"Figures page for the contact: {contact_link(partner.id, settings.base_url, settings.secret_key)}")


@partners_cli.command("origins")
@click.argument("partner_id", metavar="ID")
@click.argument("origins", nargs=-1, metavar="[ORIGIN]...")
def set_origins(partner_id: str, origins: tuple[str, ...]) -> None:
    """Show the origins that may show the partner's widget; with ORIGINs, replace them (https://host[:port])."""
    partner = _partner(partner_id)
    if origins:
        partner.origins = _origins(origins)
        db.session.commit()
    click.echo(f"Partner {partner.id}: origins {', '.join(partner.origins) or 'none'}.")


@partners_cli.command("rotate-key")
@click.argument("partner_id", metavar="ID")
def rotate_key(partner_id: str) -> None:
    """Give the partner a new secret API key (printed once); the old one stops working at once."""
    partner = _partner(partner_id)
    key = new_api_key()
    partner.api_key_hash = hash_api_key(key)
    db.session.commit()
    click.echo(f"Partner {partner.id}: the previous API key no longer works.")
    click.echo(KEY_NOTICE.format(key))


@partners_cli.command("revoke-key")
@click.argument("partner_id", metavar="ID")
def revoke_key(partner_id: str) -> None:
    """Remove the partner's secret API key: the API refuses it; the widget (widget id) keeps working."""
    partner = _partner(partner_id)
    partner.api_key_hash = None
    db.session.commit()
    click.echo(f"Partner {partner.id}: API key revoked (rotate-key issues a new one); the widget still works.")
