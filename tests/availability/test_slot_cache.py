"""The free-slot cache: computed once per change, never stale (a booking or a new snapshot changes the answer)."""
from datetime import datetime, timedelta

from bookingsite.availability import slot_cache
from bookingsite.availability.slots import Slot
from bookingsite.booking import service
from tests.booking.booking_helpers import NOW, PARIS, SLOT, book_args, set_busy, setup_site

URL = "/api/v1/sites/{}/slots?from=2026-12-02&days=1&modality=site"


def _starts(client, site_id: str) -> set[str]:
    return {s["start"] for s in client.get(URL.format(site_id)).get_json()["slots"]}


def test_a_booking_removes_its_slot_from_the_next_call(app, client):
    site, _kind = setup_site()
    assert SLOT.isoformat() in _starts(client, site.id)  # computed and cached
    service.book(**book_args(site))
    assert SLOT.isoformat() not in _starts(client, site.id)


def test_a_new_snapshot_gives_new_slots(app, client):
    site, _kind = setup_site()
    agenda = site.agendas[0]
    assert SLOT.isoformat() in _starts(client, site.id)
    set_busy(agenda.id, [(SLOT, SLOT + timedelta(hours=1))], at=NOW + timedelta(minutes=1))
    assert SLOT.isoformat() not in _starts(client, site.id)


def test_a_repeated_call_is_served_from_the_cache(app, client):
    site, _kind = setup_site()
    first = client.get(URL.format(site.id)).get_json()
    cache = app.extensions["slot_cache"]
    computed = [e for e in cache._memory.values()]
    second = client.get(URL.format(site.id)).get_json()
    assert first == second and len(cache._memory) == len(computed) == 1


def test_slots_are_cut_to_the_exact_now_within_a_bucket():
    # The bucket's superset keeps only the starts the exact ``now`` allows: [earliest, latest).
    moments = [datetime(2026, 12, 2, h, 0, tzinfo=PARIS) for h in (9, 10, 11)]
    computed = slot_cache.Computed([], [int(m.timestamp()) for m in moments])
    computed.slots = moments
    assert computed.within(int(moments[1].timestamp()) - 1, int(moments[2].timestamp())) == [moments[1]]


def test_redis_shares_a_computation_between_processes():
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=13)
    key = ("perf-test-site", datetime.now().isoformat())  # unique: nothing from an earlier run
    calls = []
    slot = datetime(2026, 12, 2, 9, 0, tzinfo=PARIS)

    def compute():
        calls.append(1)
        return [Slot(slot, slot + timedelta(hours=1), "site", ("a",))]

    first = slot_cache.SlotCache(client).get_or_compute("s", key, compute)
    second = slot_cache.SlotCache(client).get_or_compute("s", key, compute)  # another worker: its memory is empty
    assert first.slots == second.slots and len(calls) == 1
