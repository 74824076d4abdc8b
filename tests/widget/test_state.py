"""The flow's state signed into the page, and its CSRF token."""
import pytest

from bookingsite.widget.state import InvalidState, check_csrf, csrf_token, load_state, new_state, sign_state

SECRET = "s" * 32


def test_round_trip_keeps_every_field():
    state = new_state("p1", "en", "http://a.example", "75011").but(
        answers={"status": "employee", "needs": ["vae"]}, site="s1", slot={"start": "x", "modality": "site"})
    assert load_state(sign_state(state, SECRET), SECRET) == state


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature altered
    lambda t: "x" + t,  # payload altered
    lambda t: "",  # missing
])
def test_altered_state_is_refused(mangle):
    token = sign_state(new_state("p1", "fr", None), SECRET)
    with pytest.raises(InvalidState):
        load_state(mangle(token), SECRET)


def test_other_secret_or_expired_is_refused():
    token = sign_state(new_state("p1", "fr", None), SECRET)
    with pytest.raises(InvalidState):
        load_state(token, "other" * 8)
    with pytest.raises(InvalidState):
        load_state(token, SECRET, max_age=-1)
    assert load_state(token, SECRET, max_age=None).partner == "p1"  # a restart still knows the partner


def test_csrf_token_belongs_to_its_flow():
    one, other = new_state("p1", "fr", None), new_state("p1", "fr", None)
    check_csrf(one, csrf_token(one, SECRET), SECRET)
    with pytest.raises(InvalidState):
        check_csrf(one, csrf_token(other, SECRET), SECRET)  # another flow's token
    with pytest.raises(InvalidState):
        check_csrf(one, sign_state(one, SECRET), SECRET)  # the state is not a token (other salt)
    with pytest.raises(InvalidState):
        check_csrf(one, None, SECRET)
