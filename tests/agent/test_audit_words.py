"""Which sentence each kind of audit entry gets (pure)."""
import re

import pytest

from bookingsite.agent.audit_words import ACTIONS, NOT_SENT, OTHER, OTHER_ON_BOOKING, wording

REF = "K7QX4MZP"


@pytest.mark.parametrize("action, reference, details, expected", [
    ("login", None, {}, ACTIONS["login"]),                                        # needs nothing
    ("booking_cancelled", REF, {"site_id": "s1"}, ACTIONS["booking_cancelled"]),  # needs the reference
    ("booking_cancelled", None, {}, OTHER),                                       # ... which is missing
    ("search", None, {"kind": "name", "results": 3}, ACTIONS["search"]),         # a known kind of search
    ("search", None, {"kind": "telepathy", "results": 3}, OTHER),                 # a code without words
    ("search", None, {"kind": "name"}, OTHER),                                    # no count
    ("confirmation_resent", REF, {"via": "sms", "sent": True}, ACTIONS["confirmation_resent"]),  # sent
    ("confirmation_resent", REF, {"via": "sms", "sent": False}, NOT_SENT),        # could not be sent
    ("confirmation_resent", REF, {"via": "pigeon", "sent": True}, OTHER_ON_BOOKING),  # a channel without words
    ("booking_moved", REF, {"site_id": "s1", "old_start": "a", "new_start": "b"}, ACTIONS["booking_moved"]),
    ("booking_moved", REF, {"site_id": "s1"}, OTHER_ON_BOOKING),                  # an older entry without times
    ("day_viewed", None, {"site_id": "s1", "day": "2026-12-02", "bookings": 0}, ACTIONS["day_viewed"]),
    ("privacy_export", REF, {"by": "email"}, ACTIONS["privacy_export"]),          # a person's data exported
    ("teleported", None, {}, OTHER),                                              # a kind not described yet
    ("teleported", REF, {}, OTHER_ON_BOOKING),                                    # ... on a booking
])
def test_wording(action, reference, details, expected):
    assert wording(action, reference, details) == expected


def test_every_sentence_names_the_agent_and_only_known_details():
    allowed = {"agent", "reference", "how", "results", "via", "day", "site", "old", "new"}
    for chosen in [*ACTIONS.values(), NOT_SENT, OTHER, OTHER_ON_BOOKING]:
        named = set(re.findall(r"%\((\w+)\)s", chosen.msgid))
        assert "agent" in named and named <= allowed, chosen.msgid
