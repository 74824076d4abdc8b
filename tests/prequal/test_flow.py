"""The one questionnaire flow: what comes after a page, for the step-by-step pages and the one-page desk."""
from __future__ import annotations

import pytest

from bookingsite.prequal.flow import advance, neighbour
from bookingsite.prequal.loader import current

EMPLOYEE = {"status": "employee", "contract": "permanent", "manager": "no", "place": "67000", "needs": ["progress"],
            "deadline": "none", "modality": "site"}


@pytest.mark.parametrize("before, posted, step, again, following, errors", [
    # The first answer of a step reveals its follow-up questions: ask the same step again.
    ({}, {"status": "employee"}, "situation", True, "place", set()),
    # The step complete: go on to the next one.
    ({}, {"status": "employee", "contract": "permanent", "manager": "no"}, "situation", False, "place", set()),
    # A required answer left empty: its error, and nothing else.
    ({"status": "employee"}, {"contract": "", "manager": "no"}, "situation", False, "place", {"contract"}),
    # The deadline reveals "when": asked on the same step.
    ({**EMPLOYEE, "deadline": "none"}, {"deadline": "resignation"}, "urgency", True, "preferences", set()),
    # The last step answered: finished (no following step).
    (EMPLOYEE, {"modality": "phone"}, "preferences", False, None, set()),
])
def test_advance_one_step(before, posted, step, again, following, errors):
    flow = advance(current(), before, posted, set(posted), step)
    assert (flow.again, flow.following, set(flow.errors)) == (again, following, errors)


@pytest.mark.parametrize("posted, shown, again, finished", [
    # Only the status was on the page: the questions it reveals are asked on the same page.
    ({"status": "employee"}, {"status"}, True, False),
    # Every question was on the page and answered: the call is complete.
    (EMPLOYEE, set(EMPLOYEE) | {"times", "language", "accessibility", "disability", "heard_from", "young_worker",
                      "deadline_when"},
     False, True),
])
def test_advance_one_page(posted, shown, again, finished):
    flow = advance(current(), {}, posted, shown)
    assert (flow.again, flow.finished) == (again, finished)


def test_empty_answers_are_dropped_and_earlier_ones_kept():
    flow = advance(current(), {"status": "employee"}, {"contract": "permanent", "manager": ""}, {"contract", "manager"},
                   "situation")
    assert flow.answers == {"status": "employee", "contract": "permanent"} and set(flow.errors) == {"manager"}


def test_neighbours_skip_the_steps_asked_elsewhere():
    assert neighbour(current(), "situation", EMPLOYEE, +1) == "place"
    assert neighbour(current(), "situation", EMPLOYEE, +1, skip=("place",)) == "need"
    assert neighbour(current(), "situation", EMPLOYEE, -1) is None
