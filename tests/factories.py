"""Small factories: a valid directory entry with sensible defaults, overridden per test."""
from __future__ import annotations

import tempfile
from dataclasses import replace
from itertools import count

from bookingsite.config import Settings, load_config, settings_from
from bookingsite.directory.store import ensure_regions
from bookingsite.extensions import db
from bookingsite.models import Agenda, AppointmentType, Operator, Partner, Region, Site

_ids = count(1)


def _save(row):
    if db.session.get(Region, "11") is None:
        ensure_regions(db.session)
        db.session.flush()  # regions first: the unit of work does not order tables without relationships
    db.session.add(row)
    db.session.flush()
    return row


def make_operator(**overrides) -> Operator:
    """An operator of Île-de-France unless told otherwise."""
    n = next(_ids)
    values = {"id": f"op-{n}", "name": f"Operator {n}", "region_code": "11", "phone": "01 99 00 00 11",
              "website": "https://cep.example.fr/"}
    return _save(Operator(**{**values, **overrides}))


def make_site(**overrides) -> Site:
    """A site in Paris 11e, open office hours on weekdays, all modalities."""
    n = next(_ids)
    operator_id = overrides.pop("operator_id", None) or make_operator(
        region_code=overrides.pop("region_code", "11")).id
    values = {"id": f"site-{n}", "operator_id": operator_id, "name": f"Site {n}", "address": "1 rue de Paris",
              "postcode": "75011", "insee": "75111", "city": "Paris 11e Arrondissement", "lat": 48.86007,
              "lon": 2.38156, "opening_hours": "Mo-Fr 09:00-12:30,13:30-17:30", "modalities": ["site", "phone", "video"],
              "wheelchair": True, "closures": []}
    return _save(Site(**{**values, **overrides}))


def make_agenda(**overrides) -> Agenda:
    """A busy-mode agenda with no feed, capacity 1."""
    n = next(_ids)
    site_id = overrides.pop("site_id", None) or make_site().id
    values = {"id": f"agenda-{n}", "site_id": site_id, "name": f"Advisor {n}", "mode": "busy", "capacity": 1,
              "allow_private_network": True}
    return _save(Agenda(**{**values, **overrides}))


def make_appointment_type(**overrides) -> AppointmentType:
    """The first interview: 60 minutes, every modality."""
    values = {"id": "first", "label": "First interview", "duration_min": 60, "buffer_min": 0, "min_notice_min": 120,
              "horizon_days": 60, "modalities": ["site", "phone", "video"], "position": 0}
    return _save(AppointmentType(**{**values, **overrides}))


def make_partner(**overrides) -> Partner:
    """An active partner allowed on one origin."""
    n = next(_ids)
    values = {"id": f"partner-{n}", "name": f"Partner {n}", "origins": ["http://localhost:8000"], "active": True}
    return _save(Partner(**{**values, **overrides}))


def make_settings(**overrides) -> Settings:
    """The typed settings of a test site (``ENV=testing``), fields overridden by name (``feed_timeout=1.0``)."""
    return replace(settings_from(load_config(tempfile.gettempdir(), {"ENV": "testing"}, environ={})), **overrides)


# What a production site must say of itself (the legal notice): every production configuration of the tests uses it.
LEGAL_SETTINGS = {"LEGAL_PUBLISHER": "Agence nationale de test", "LEGAL_PUBLISHER_ADDRESS": "1 place de l'Essai, Paris",
                  "LEGAL_DIRECTOR": "Camille Martin", "LEGAL_HOST": "Hébergeur de test",
                  "LEGAL_HOST_ADDRESS": "2 rue du Serveur, Lille", "CONTACT_EMAIL": "contact@cep.example.fr"}
LEGAL_ENV = {f"BOOKINGSITE_{name}": value for name, value in LEGAL_SETTINGS.items()}
