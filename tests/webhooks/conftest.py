"""The webhook tests' receiver: a real HTTP server on loopback."""
import pytest

from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver():
    """A real HTTP receiver on loopback."""
    server = Receiver()
    yield server
    server.close()
