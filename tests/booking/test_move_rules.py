"""Issue 14, finding 12: a move checks the contact its new way of meeting needs, and refuses the same slot."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bookingsite.booking import service
from bookingsite.extensions import db
from tests.booking.booking_helpers import NOW, SLOT, book_args, setup_site

LATER = SLOT + timedelta(days=1, hours=4)  # Thursday 14:00


@pytest.fixture
def site(app):
    place, _kind = setup_site()
    return place


@pytest.mark.parametrize("phone, start, modality, refused", [
    (None, LATER, "phone", service.InvalidContact),  # e-mail only, to a phone slot: no number to call
    (None, SLOT, "phone", service.InvalidContact),  # e-mail only, same time by phone: still no number
    (None, SLOT, "site", service.SameSlot),  # the very slot it has: nothing would change
    ("06 12 34 56 78", LATER, "phone", None),  # with a number, a phone slot is fine
    (None, SLOT, "video", None),  # the same time, another way to meet that needs no number
    (None, LATER, "site", None),  # an ordinary move
])
def test_move_rechecks_the_contact_and_refuses_a_no_op(site, phone, start, modality, refused):
    booking = service.book(**book_args(site, phone=phone))
    before = (booking.start, booking.modality, booking.sequence)
    if refused is None:
        moved = service.reschedule_booking(booking.reference, start, NOW, modality=modality)
        assert (moved.start, moved.modality, moved.sequence) == (start, modality, 1)
        return
    with pytest.raises(refused) as caught:
        service.reschedule_booking(booking.reference, start, NOW, modality=modality)
    db.session.refresh(booking)
    assert (booking.start, booking.modality, booking.sequence) == before
    assert refused is not service.InvalidContact or caught.value.field == "phone"


@pytest.mark.parametrize("slot, message", [
    (f"{LATER.isoformat()}_phone", "An appointment by phone needs a phone number"),  # e-mail only, to phone
    (f"{SLOT.isoformat()}_site", "Your appointment is already at this time"),  # the same slot
])
def test_the_move_page_says_why_it_refuses(site, client, slot, message):
    booking = service.book(**book_args(site, phone=None))
    token = service.manage_token(booking)
    answer = client.post(f"/booking/manage/{token}/move?lang=en", data={"slot": slot})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and 'id="slot-error"' in text and message in text
    db.session.refresh(booking)
    assert (booking.start, booking.modality, booking.sequence) == (SLOT, "site", 0)
