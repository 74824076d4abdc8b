"""A seeded year of activity written straight into the database with bulk inserts, plus agents to log in as."""
from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from bookingsite.directory.demo import demo_directory
from bookingsite.directory.fileformat import write_json
from bookingsite.directory.store import import_directory
from bookingsite.extensions import db
from bookingsite.models import Agenda, Operator, Partner, Site
from bookingsite.models.agent import Agent
from bookingsite.models.booking import Booking
from bookingsite.models.feeds import FeedSnapshot
from bookingsite.models.piloting import SlotOffer
from bookingsite.models.prequal import Prequal

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # tests.conftest.TEST_NOW
PASSWORD = "correct horse battery"
NEEDS = ("take_stock", "change_job", "training", "vae", "business")
NETWORKS = ("france_travail", "mission_locale", "apec", "cap_emploi")
CHANNELS = ("web", "phone", "widget")
HEARD_FROM = ("employer", "web_search", "relatives", None)  # None: the optional question left blank


@dataclass
class History:
    """What was written, as plain dicts, for the tests' own direct computations."""

    prequals: list[dict] = field(default_factory=list)
    bookings: list[dict] = field(default_factory=list)
    offers: list[dict] = field(default_factory=list)
    feeds: dict[str, str] = field(default_factory=dict)  # agenda id -> status (missing: never read)
    agenda_sites: dict[str, str] = field(default_factory=dict)
    site_operator: dict[str, str] = field(default_factory=dict)
    operator_region: dict[str, str] = field(default_factory=dict)


def _instant(rng: random.Random, days: int = 400) -> datetime:
    """A moment in the ``days`` before NOW (a little more than the default year, to test the period)."""
    return NOW - timedelta(seconds=rng.randrange(days * 86400))


def _prequal(rng: random.Random, regions: list[str], partners: list[str]) -> dict:
    scope = rng.choices(("in", "out", "choice"), (75, 18, 7))[0]
    channel = rng.choice(CHANNELS)
    created = _instant(rng)
    heard = rng.choice(HEARD_FROM) if scope != "out" else None
    networks = [] if scope == "in" else rng.sample(NETWORKS, rng.randint(1, 2))
    chosen = rng.choice(["cep", *networks, None]) if scope == "choice" else None  # None: left without choosing
    return {"id": str(uuid.UUID(int=rng.getrandbits(128))), "questionnaire_version": "1",
            "answers": {"heard_from": heard} if heard else {},
            "scope": scope, "route": scope,
            "networks": networks, "chosen": chosen,
            "needs": rng.sample(NEEDS, rng.randint(1, 2)) if scope != "out" else [], "urgent": False,
            "channel": channel, "partner_id": rng.choice(partners) if channel == "widget" else None,
            "locale": "fr", "region_code": rng.choice(regions + [None]), "created_at": created,
            "completed_at": None if rng.random() < 0.1 else created + timedelta(minutes=4)}


def _booking(rng: random.Random, n: int, agenda: Agenda, prequals: list[dict], partners: list[str]) -> dict:
    created = _instant(rng)
    start = created + timedelta(hours=rng.randint(3, 60 * 24))
    status = rng.choices(("confirmed", "cancelled", "held"), (80, 15, 5))[0]
    channel = rng.choice(CHANNELS)
    prequal = rng.choice(prequals) if rng.random() < 0.8 else None
    return {"reference": f"R{n:07d}", "site_id": agenda.site_id, "agenda_id": agenda.id,
            "appointment_type_id": "first", "modality": rng.choice(("site", "phone", "video")), "start": start,
            "end": start + timedelta(hours=1), "unit": 0, "status": status,
            "name": f"Personne {n}", "email": f"personne{n}@example.org", "phone": f"+3361{n:07d}",
            "prequal_id": prequal["id"] if prequal else None, "channel": channel,
            "partner_id": rng.choice(partners) if channel == "widget" else None, "locale": "fr",
            "consent_version": "2026-11", "urgent": False, "created_at": created,
            "confirmed_at": None if status == "held" else created + timedelta(minutes=5),
            "cancelled_at": created + timedelta(days=1) if status == "cancelled" else None,
            "sequence": 0, "caldav_attempts": 0,
            "no_show": status == "confirmed" and start < NOW and rng.random() < 0.08}


def load_history(seed: int = 1, prequals: int = 3000, bookings: int = 2500, offers: int = 1500) -> History:
    """Demo directory, partners, then a year of questionnaires, bookings, slot lists and feed states."""
    import_directory(db.session, write_json(demo_directory("http://localhost")))
    rng = random.Random(seed)
    db.session.execute(insert(Partner), [{"id": f"partner-{i}", "name": f"Partenaire {i}", "origins": [],
                                          "active": True} for i in range(3)])
    history = History()
    history.site_operator = dict(db.session.execute(select(Site.id, Site.operator_id)).all())
    history.operator_region = dict(db.session.execute(select(Operator.id, Operator.region_code)).all())
    partners = ["demo-partner", "partner-0", "partner-1", "partner-2"]
    agendas = list(db.session.scalars(select(Agenda).order_by(Agenda.id)))
    history.agenda_sites = {a.id: a.site_id for a in agendas}
    regions = sorted(set(history.operator_region.values()))
    history.prequals = [_prequal(rng, regions, partners) for _ in range(prequals)]
    history.bookings = [_booking(rng, n, rng.choice(agendas), history.prequals, partners) for n in range(bookings)]
    history.offers = [{"site_id": rng.choice(agendas).site_id, "offered_at": (t := _instant(rng)),
                       "delay_minutes": (d := rng.choice([None, *range(60, 40 * 1440, 97)])),
                       "first_slot_at": None if d is None else t + timedelta(minutes=d), "channel": "web"}
                      for _ in range(offers)]
    history.feeds = {a.id: rng.choice(("ok", "ok", "error", "pending")) for a in agendas[::2]}
    for model, rows in ((Prequal, history.prequals), (Booking, history.bookings), (SlotOffer, history.offers)):
        if rows:  # an empty executemany would insert one empty row
            db.session.execute(insert(model), rows)
    db.session.execute(insert(FeedSnapshot), [{"agenda_id": a, "status": s, "events_count": 0, "intervals": []}
                                              for a, s in history.feeds.items()])
    db.session.commit()
    return history


def make_agent(role: str, operator_id: str | None = None) -> Agent:
    """An agent with PASSWORD (hashed cheaply)."""
    agent = Agent(email=f"{uuid.uuid4().hex[:8]}@example.org", role=role, operator_id=operator_id, active=True,
                  failed_logins=0, password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
    db.session.add(agent)
    db.session.commit()
    return agent


def login(client, agent: Agent) -> None:
    """Log the test client in as this agent."""
    response = client.post("/agent/login", data={"email": agent.email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
