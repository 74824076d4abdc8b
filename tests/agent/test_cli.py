"""`flask agents add|reset|deactivate`: accounts created from the command line with a one-time link."""
import re

from sqlalchemy import select

from bookingsite.extensions import db
from bookingsite.models.agent import Agent
from tests.factories import make_operator

LINK = re.compile(r"http://localhost/agent/set-password/(\S+)")


def test_add_prints_a_one_time_link_that_sets_the_password(app, client):
    operator = make_operator()
    result = app.test_cli_runner().invoke(args=["agents", "add", "Jo@Example.org", "--role", "supervisor",
                                                "--operator", operator.id])
    assert result.exit_code == 0, result.output
    token = LINK.search(result.output).group(1)
    agent = db.session.scalar(select(Agent).where(Agent.email == "jo@example.org"))
    assert (agent.role, agent.operator_id, agent.set_password_token_hash != token) == ("supervisor", operator.id, True)
    assert client.get(f"/agent/set-password/{token}").status_code == 200
    short = client.post(f"/agent/set-password/{token}", data={"password": "short", "confirm": "short"})
    assert short.status_code == 422 and 'id="password-error"' in short.get_data(as_text=True)
    ok = client.post(f"/agent/set-password/{token}", data={"password": "x" * 14, "confirm": "x" * 14})
    assert ok.status_code == 302
    assert client.get(f"/agent/set-password/{token}").status_code == 404  # spent
    assert client.post("/agent/login", data={"email": "jo@example.org", "password": "x" * 14}).status_code == 302


def test_add_refuses_bad_input_with_a_message(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["agents", "add", "jo@example.org", "--role", "agent", "--operator", "op-none"])
    assert result.exit_code != 0 and "operator" in result.output
    result = runner.invoke(args=["agents", "add", "jo@example.org", "--role", "king"])
    assert result.exit_code != 0 and "role" in result.output


def test_reset_and_deactivate(app):
    runner = app.test_cli_runner()
    first = LINK.search(runner.invoke(args=["agents", "add", "jo@example.org", "--role", "agent"]).output).group(1)
    second = LINK.search(runner.invoke(args=["agents", "reset", "jo@example.org"]).output).group(1)
    assert first != second
    assert runner.invoke(args=["agents", "deactivate", "jo@example.org"]).exit_code == 0
    assert db.session.scalar(select(Agent.active).where(Agent.email == "jo@example.org")) is False
