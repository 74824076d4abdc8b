"""The dashboard against a direct computation over a generated year; CSV = tables = page; regional scope."""
from __future__ import annotations

import csv
import io
import math
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from bookingsite.extensions import db
from bookingsite.geo import reference
from bookingsite.piloting import presentation
from bookingsite.piloting.coverage import compute_coverage
from bookingsite.piloting.queries import coverage_sites
from tests.piloting.history import NOW, load_history, login, make_agent

PARIS = ZoneInfo("Europe/Paris")
START = datetime.combine(NOW.astimezone(PARIS).date() - timedelta(days=364), time(), PARIS)
END = datetime.combine(NOW.astimezone(PARIS).date() + timedelta(days=1), time(), PARIS)
NUMERIC_TABLES = [k for k in presentation.TITLES if k != "coverage"]


def nearest_rank(values, p):
    ordered = sorted(values)
    return ordered[math.ceil(p / 100 * len(ordered)) - 1]


def expected_tables(h, region=None) -> dict[str, dict]:
    """Every figure computed straight from the generated rows: {table: {key: (numbers…)}}."""
    def booking_region(b):
        return h.operator_region[h.site_operator[b["site_id"]]]

    prequals = [p for p in h.prequals if START <= p["created_at"] < END and (not region or p["region_code"] == region)]
    finished = [p for p in prequals if p["completed_at"]]
    made = [b for b in h.bookings if START <= b["created_at"] < END and b["confirmed_at"]
            and (not region or booking_region(b) == region)]
    needs = {p["id"]: p["needs"] for p in h.prequals}
    dims = {
        "weeks": lambda b: ["{}-W{:02d}".format(*b["created_at"].astimezone(PARIS).isocalendar()[:2])],
        "regions": lambda b: [booking_region(b)], "operators": lambda b: [h.site_operator[b["site_id"]]],
        "sites": lambda b: [b["site_id"]], "channels": lambda b: [b["channel"]],
        "partners": lambda b: [b["partner_id"] or ""], "modalities": lambda b: [b["modality"]],
        "needs": lambda b: needs.get(b["prequal_id"]) or [""],
    }
    out = {}
    for key, dim in dims.items():
        table = defaultdict(lambda: [0, 0, 0])
        for b in made:
            for value in dim(b):
                table[value][0] += 1
                table[value][1] += b["status"] == "cancelled"
                table[value][2] += b["no_show"]
        out[key] = {k: tuple(v) for k, v in table.items()}
    out["questionnaires"] = {"started": (len(prequals),), "finished": (len(finished),)}
    out["questionnaire_channels"] = {k: (v,) for k, v in Counter(p["channel"] for p in prequals).items()}
    out["outcomes"] = {s: (sum(p["scope"] == s for p in finished),) for s in ("in", "out", "choice")}
    out["networks"] = {k: (v,) for k, v in Counter(n for p in finished if p["scope"] != "in"
                                                   for n in p["networks"]).items()}
    out["heard_from"] = {k: (v,) for k, v in Counter(p["answers"].get("heard_from", "") for p in finished
                                                     if p["scope"] != "out").items()}
    out["choices"] = {k: (v,) for k, v in Counter(p["chosen"] or "" for p in finished
                                                  if p["scope"] == "choice").items()}
    out["appointment_delays"] = _delays({b["site_id"]: [] for b in made}, made,
                                        lambda b: (b["start"] - b["created_at"]).total_seconds() / 60)
    offers = [o for o in h.offers if START <= o["offered_at"] < END and o["delay_minutes"] is not None
              and (not region or h.operator_region[h.site_operator[o["site_id"]]] == region)]
    out["first_slot_delays"] = _delays({o["site_id"]: [] for o in offers}, offers, lambda o: o["delay_minutes"])
    agendas = [a for a, s in h.agenda_sites.items()
               if not region or h.operator_region[h.site_operator[s]] == region]
    feeds = Counter(h.feeds.get(a, "pending") for a in agendas)
    out["feeds"] = {k: (feeds.get(k, 0),) for k in ("ok", "error", "pending")}
    return out


def _delays(per_site, rows, delay):
    for row in rows:
        per_site[row["site_id"]].append(delay(row))
    return {s: (len(v), round(nearest_rank(v, 50) / 1440, 1), round(nearest_rank(v, 90) / 1440, 1))
            for s, v in per_site.items()}


def read_csv(client, key, query=""):
    response = client.get(f"/piloting/export/{key}.csv{query}")
    assert response.status_code == 200, key
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    return {r[0]: tuple(float(v) if v else None for v in r[2:]) for r in rows[1:]}, [r[1] for r in rows[1:]]


class PageTables(HTMLParser):
    """The cells of each dashboard table, by table key."""

    def __init__(self):
        super().__init__()
        self.tables, self.key, self.row, self.cell = defaultdict(list), None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("aria-labelledby", "").startswith("table-"):
            self.key = attrs["aria-labelledby"][6:]
        elif tag == "tr" and self.key:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.key].append(self.row)
            self.row = None


def _number(text):
    cleaned = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    return None if cleaned == "—" else float(cleaned)


@pytest.fixture
def history(app):
    return load_history()


def test_every_figure_matches_a_direct_computation_and_the_csv_and_page_agree(app, client, history):
    login(client, make_agent("admin"))
    expected = expected_tables(history)
    assert sum(v[0] for v in expected["channels"].values()) > 1500  # a real year of bookings, in the period
    page = PageTables()
    page.feed(client.get("/piloting/").get_data(as_text=True))
    for key in NUMERIC_TABLES:
        rows, labels = read_csv(client, key)
        assert rows == {k: tuple(float(x) for x in v) for k, v in expected[key].items()}, key
        body = page.tables[key][1:]  # without the header row
        assert [r[0] for r in body] == labels, key
        assert [tuple(_number(c) for c in r[1:]) for r in body] == list(rows.values()), key


def test_coverage_table_is_exported_like_the_page(app, client, history):
    login(client, make_agent("admin"))
    response = client.get("/piloting/export/coverage.csv")
    rows = {r[0]: r for r in list(csv.reader(io.StringIO(response.get_data(as_text=True))))[1:]}
    coverage = compute_coverage(reference().communes.values(), coverage_sites(db.session))
    assert set(rows) == {r.region for r in coverage.regions}
    for region in coverage.regions:  # id, label, active, covered, share %, farthest, distance
        row = rows[region.region]
        assert int(row[2]) == region.active_population and int(row[3]) == region.covered_population
        assert row[4] == ("" if region.share is None else str(round(region.share * 100, 1)))
        assert row[5].endswith(f"({region.farthest[0].insee})")


def test_an_operator_supervisor_sees_only_their_region(app, client, history):
    operator = next(o for o, r in history.operator_region.items() if r == "84")
    login(client, make_agent("supervisor", operator_id=operator))
    expected = expected_tables(history, region="84")
    for key in ("channels", "sites", "questionnaires", "needs", "feeds", "first_slot_delays"):
        rows, _ = read_csv(client, key)
        assert rows == {k: tuple(float(x) for x in v) for k, v in expected[key].items()}, key
    assert set(read_csv(client, "regions")[0]) == {"84"}
    assert client.get("/piloting/?region=84").status_code == 200
    assert client.get("/piloting/?region=11").status_code == 403
    assert client.get("/piloting/export/sites.csv?region=11").status_code == 403


@pytest.mark.parametrize("role, status", [
    ("agent", 403),  # phone agents book; they do not pilot
    ("supervisor", 200),  # a national supervisor sees everything
])
def test_roles(app, client, role, status):
    login(client, make_agent(role))
    assert client.get("/piloting/").status_code == status


def test_logged_out_people_are_sent_to_the_login(client):
    assert client.get("/piloting/").status_code == 302


@pytest.mark.parametrize("query, field", [
    ("?start=31/01/2026", "start"),  # not ISO
    ("?start=2026-12-01&end=2026-01-01", "start"),  # start after end
    ("?region=zz", "region"),  # unknown region
    ("?end=9999-12-31", "end"),  # the last day Python knows: a day later overflows
    ("?start=0001-01-01&end=0001-01-02", "start"),  # the first one
])
def test_bad_filters_are_explained_next_to_their_field(app, client, query, field):
    login(client, make_agent("admin"))
    response = client.get(f"/piloting/{query}")
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
