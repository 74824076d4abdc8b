"""Staff accounts for tests: accounts with a known password (hashed cheaply: tests need not pay for scrypt)."""
from __future__ import annotations

from itertools import count

from werkzeug.security import generate_password_hash

from bookingsite.extensions import db
from bookingsite.models.agent import Agent

PASSWORD = "correct horse battery"
_n = count(1)


def make_agent(**overrides) -> Agent:
    """An active agent of no operator (national) with PASSWORD, unless told otherwise."""
    password = overrides.pop("password", PASSWORD)
    values = {"email": f"agent{next(_n)}@example.org", "role": "agent", "operator_id": None, "active": True,
              "failed_logins": 0, "password_hash": generate_password_hash(password, method="pbkdf2:sha256:1000")}
    agent = Agent(**{**values, **overrides})
    db.session.add(agent)
    db.session.commit()
    return agent


def login(client, agent: Agent, password: str = PASSWORD, **extra):
    """Post the login form as this agent."""
    return client.post("/agent/login", data={"email": agent.email, "password": password, **extra})
