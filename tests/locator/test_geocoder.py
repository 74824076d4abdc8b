"""The optional BAN geocoder adapter: off by default, timeout passed, answers cached, failures fall back (mocked:
the national API cannot be reached from the tests)."""
from types import SimpleNamespace

from geopy.exc import GeocoderTimedOut, GeocoderUnavailable

from bookingsite.locator.geocoder import CachedGeocoder, geocoder_from
from tests.factories import make_settings


class FakeBAN:
    def __init__(self, answers=None, error=None, **kwargs):
        self.answers, self.error, self.kwargs, self.calls = answers or {}, error, kwargs, []

    def geocode(self, query, exactly_one=True, timeout=None):
        self.calls.append((query, timeout))
        if self.error:
            raise self.error
        found = self.answers.get(query)
        return found and SimpleNamespace(latitude=found[0], longitude=found[1], address=found[2])


def test_off_by_default_and_on_with_ban():
    assert geocoder_from(make_settings()) is None and geocoder_from(make_settings(geocoder="none")) is None
    geocoder = geocoder_from(make_settings(geocoder="ban", geocoder_timeout=1.5), factory=FakeBAN)
    assert isinstance(geocoder, CachedGeocoder) and geocoder.timeout == 1.5
    assert geocoder.backend.kwargs["timeout"] == 1.5


def test_answers_are_cached_and_the_timeout_is_passed():
    backend = FakeBAN({"12 rue de la Paix Paris": (48.87, 2.33, "12 Rue de la Paix 75002 Paris")})
    geocoder = CachedGeocoder(backend, timeout=2.0)
    assert geocoder("12 rue de la Paix Paris") == (48.87, 2.33, "12 Rue de la Paix 75002 Paris")
    assert geocoder("12  RUE de la Paix Paris") == (48.87, 2.33, "12 Rue de la Paix 75002 Paris")  # same key
    assert backend.calls == [("12 rue de la Paix Paris", 2.0)]


def test_failures_give_none_and_are_not_cached():
    for error in (GeocoderTimedOut("slow"), GeocoderUnavailable("down"), OSError("no route")):
        backend = FakeBAN(error=error)
        geocoder = CachedGeocoder(backend, timeout=0.1)
        assert geocoder("1 rue X Lyon") is None and geocoder("1 rue X Lyon") is None
        assert len(backend.calls) == 2


def test_cache_is_bounded():
    backend = FakeBAN()
    geocoder = CachedGeocoder(backend, timeout=1, size=2)
    for text in ("a", "b", "c", "a"):
        geocoder(text)
    assert [q for q, _ in backend.calls] == ["a", "b", "c", "a"]  # "a" was evicted by "c"
