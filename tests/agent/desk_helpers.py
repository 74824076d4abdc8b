"""A Lyon site of the Auvergne-Rhône-Alpes operator with a fresh, empty agenda; answers of typical callers."""
from __future__ import annotations

import re

from bookingsite.prequal.engine import visible_questions
from bookingsite.prequal.loader import current
from tests.booking.booking_helpers import setup_site
from tests.factories import make_operator

EMPLOYEE = {"status": "employee", "contract": "permanent", "manager": "no", "place": "69001",
            "needs": ["progress"], "deadline": "none", "modality": "site"}
JOBSEEKER = {"status": "jobseeker", "age": "26_or_over"}
SLOT = re.compile(r'name="slot" value="([^"]+)"')


def lyon_site(operator_id: str | None = None):
    """(site, type): Lyon 1er, open office hours, one agenda whose feed is fresh and empty."""
    operator_id = operator_id or make_operator(region_code="84", name="CEP ARA").id
    return setup_site(operator_id=operator_id, postcode="69001", insee="69381", city="Lyon 1er Arrondissement",
                      lat=45.7676, lon=4.8345)


def call_form(answers: dict) -> dict:
    """The call form as the page posts it: the answers, and every question these answers show."""
    return {**answers, "shown": [q.id for q in visible_questions(current(), answers)]}


def answer_call(client, answers: dict) -> str:
    """Post a complete call; the outcome page's address."""
    response = client.post("/agent/call", data=call_form(answers))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def first_slot(page: str) -> str:
    """The first slot offered on a page."""
    return SLOT.search(page).group(1)
