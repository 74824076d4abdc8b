"""Staff fixtures: a national agent, and a client logged in as that agent."""
from __future__ import annotations

import pytest

from tests.staff.staff_helpers import login, make_agent


@pytest.fixture
def agent(app):
    return make_agent()


@pytest.fixture
def logged_in(app, client, agent):
    """A test client logged in as a national agent."""
    assert login(client, agent).status_code == 302
    return client
