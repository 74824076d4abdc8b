"""What each kind of audit entry says, in words (pure): one sentence per action kind, kept as data.

Each sentence names the agent (``%(agent)s``) and only what the entry itself records: a booking reference, a site,
a day, counts, a channel. Never personal data: the entries hold none (``staff.auth.audit`` refuses it).
An action kind without a sentence here, or whose entry lacks what its sentence needs, gets a generic sentence.
"""
from __future__ import annotations

from dataclasses import dataclass

from bookingsite.messages import N_


@dataclass(frozen=True)
class Wording:
    """A sentence (msgid) and the details it needs ("reference": the entry's booking reference)."""

    msgid: str
    needs: tuple[str, ...] = ()


ACTIONS: dict[str, Wording] = {
    "login": Wording(N_("%(agent)s opened a session")),
    "logout": Wording(N_("%(agent)s closed their session")),
    "password_set": Wording(N_("%(agent)s chose a new password")),
    "search": Wording(N_("%(agent)s searched the bookings %(how)s (%(results)s)"), ("kind", "results")),
    "call_answered": Wording(N_("%(agent)s recorded a caller's answers to the questionnaire")),
    "reroute": Wording(N_("%(agent)s directed a caller to another network")),
    "day_viewed": Wording(N_("%(agent)s read the appointments of %(day)s at %(site)s"), ("day", "site_id")),
    "booking_viewed": Wording(N_("%(agent)s opened appointment %(reference)s"), ("reference",)),
    "booking_made": Wording(N_("%(agent)s booked appointment %(reference)s for a caller"), ("reference",)),
    "booking_cancelled": Wording(N_("%(agent)s cancelled appointment %(reference)s"), ("reference",)),
    "booking_moved": Wording(N_("%(agent)s moved appointment %(reference)s from %(old)s to %(new)s"),
                             ("reference", "old_start", "new_start", "site_id")),
    "confirmation_resent": Wording(N_("%(agent)s sent the confirmation of appointment %(reference)s again %(via)s"),
                                   ("reference", "via")),
    "no_show": Wording(N_("%(agent)s recorded that the person did not come to appointment %(reference)s"),
                       ("reference",)),
    "privacy_export": Wording(N_("%(agent)s exported a person's data (appointment %(reference)s)"), ("reference",)),
    "privacy_erase": Wording(N_("%(agent)s erased a person's data (appointment %(reference)s)"), ("reference",)),
}
# A resent confirmation that could not go out says so.
NOT_SENT = Wording(N_("%(agent)s tried to send the confirmation of appointment %(reference)s again %(via)s, "
                      "without success"), ("reference", "via"))
OTHER = Wording(N_("%(agent)s took another action"))
OTHER_ON_BOOKING = Wording(N_("%(agent)s took another action on appointment %(reference)s"), ("reference",))

SEARCH_KINDS = {"reference": N_("by reference"), "email": N_("by e-mail address"), "phone": N_("by phone number"),
                "name": N_("by name")}
CHANNELS = {"sms": N_("by text message"), "email": N_("by e-mail")}
# Details whose value is a code: the entry is described generically when the code has no words here.
_CODED = {"kind": SEARCH_KINDS, "via": CHANNELS}


def wording(action: str, reference: str | None, details: dict) -> Wording:
    """The sentence for an entry: its kind's, when the entry has all it needs; a generic one otherwise."""
    chosen = ACTIONS.get(action)
    if action == "confirmation_resent" and details.get("sent") is False:
        chosen = NOT_SENT
    present = {**details, "reference": reference}
    if chosen is not None and all(_usable(need, present.get(need)) for need in chosen.needs):
        return chosen
    return OTHER_ON_BOOKING if reference else OTHER


def _usable(need: str, value) -> bool:
    return value is not None and value != "" and (need not in _CODED or value in _CODED[need])
