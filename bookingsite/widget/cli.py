"""Commands of the `partners` group: register a partner and print its key, once (only its digest is stored)."""
from __future__ import annotations

import re

import click
from flask import current_app
from flask.cli import AppGroup

from bookingsite.directory.keys import hash_api_key, new_api_key
from bookingsite.extensions import db
from bookingsite.models.directory import Partner
from bookingsite.widget.partners import InvalidOrigin, normalize_origin

partners_cli = AppGroup("partners", help="Partners and their API keys.")


def _partner_id(name: str) -> str:
    """A readable, unused id from the name (``Mairie de Lyon`` -> ``mairie-de-lyon``, then ``-2``…)."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:56] or "partner"
    candidate, n = base, 1
    while db.session.get(Partner, candidate) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@partners_cli.command("add")
@click.argument("name")
@click.option("--origin", "origins", multiple=True, help="https://host[:port] allowed to show the widget (repeat).")
@click.option("--email", "contact_email", default=None, help="The partner's contact (sees the figures page).")
def add_partner(name: str, origins: tuple[str, ...], contact_email: str | None) -> None:
    """Register a partner; prints its key once (store it now: only a digest is kept) and its figures link."""
    from bookingsite.widget.views import contact_link

    try:
        checked = list(dict.fromkeys(normalize_origin(o) for o in origins))
    except InvalidOrigin as exc:
        raise click.BadParameter(f"{exc} is not an origin like https://www.example.fr", param_hint="--origin")
    name = " ".join(name.split())[:200]
    if not name:
        raise click.BadParameter("the name is empty", param_hint="NAME")
    key = new_api_key()
    partner = Partner(id=_partner_id(name), name=name, origins=checked, api_key_hash=hash_api_key(key),
                      active=True, contact_email=contact_email)
    db.session.add(partner)
    db.session.commit()
    config = current_app.config
    click.echo(f"Partner {partner.id} ({partner.name}) added; origins: {', '.join(checked) or 'none'}.")
    click.echo(f"API key (shown once, only its digest is stored): {key}")
    click.echo(f"Figures page for the contact: {contact_link(partner.id, config['BOOKINGSITE_BASE_URL'], config['SECRET_KEY'])}")
