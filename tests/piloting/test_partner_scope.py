"""Issue 14 (low): a regional supervisor sees their region's partner figures only (counts and names), on the
dashboard, its CSV and the partner page; a national supervisor sees every region's."""
from __future__ import annotations

import csv
import io
import random
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from bookingsite.directory.demo import demo_directory
from bookingsite.directory.fileformat import write_json
from bookingsite.directory.store import import_directory
from bookingsite.extensions import db
from bookingsite.models import Agenda, Operator, Partner, Site
from bookingsite.models.booking import Booking
from bookingsite.models.prequal import Prequal
from tests.piloting.history import NOW, _booking, _prequal, login, make_agent

# (partner, region of the sites it booked in, bookings): Alpha books in Auvergne-Rhône-Alpes only, Beta in
# Île-de-France only.
BOOKED = [("partner-alpha", "84", 3), ("partner-beta", "11", 2)]


@pytest.fixture
def two_regions(app) -> dict[str, str]:
    """The demo directory, two partners and their widget bookings and questionnaires; the operator of each region."""
    import_directory(db.session, write_json(demo_directory("http://localhost")))
    db.session.execute(insert(Partner), [{"id": "partner-alpha", "name": "Alpha Mairie", "origins": [], "active": True},
                                         {"id": "partner-beta", "name": "Beta Syndicat", "origins": [], "active": True}])
    rng, rows, prequals, operators = random.Random(3), [], [], {}
    for partner, region, count in BOOKED:
        agenda = db.session.scalars(select(Agenda).join(Site).join(Operator).where(Operator.region_code == region)
                                    .order_by(Agenda.id)).first()
        operators[region] = db.session.get(Site, agenda.site_id).operator_id
        for _ in range(count):
            prequal = {**_prequal(rng, [region], [partner]), "channel": "widget", "partner_id": partner,
                       "region_code": region, "created_at": NOW - timedelta(days=2),
                       "completed_at": NOW - timedelta(days=2)}
            booking = {**_booking(rng, len(rows), agenda, [prequal], [partner]), "channel": "widget",
                       "partner_id": partner, "status": "confirmed", "created_at": NOW - timedelta(days=2),
                       "prequal_id": prequal["id"]}
            booking["confirmed_at"], booking["cancelled_at"] = booking["created_at"], None
            prequals.append(prequal)
            rows.append(booking)
    db.session.execute(insert(Prequal), prequals)
    db.session.execute(insert(Booking), rows)
    db.session.commit()
    return operators


def _partner_rows(client) -> dict[str, tuple[str, str]]:
    text = client.get("/piloting/export/partners.csv").get_data(as_text=True)
    return {row[0]: (row[1], row[2]) for row in list(csv.reader(io.StringIO(text)))[1:]}


@pytest.mark.parametrize("operator_region, seen", [
    ("84", {"partner-alpha": ("Alpha Mairie", "3")}),  # a supervisor of Auvergne-Rhône-Alpes: Alpha only
    ("11", {"partner-beta": ("Beta Syndicat", "2")}),  # a supervisor of Île-de-France: Beta only
    (None, {"partner-alpha": ("Alpha Mairie", "3"), "partner-beta": ("Beta Syndicat", "2")}),  # national
])
def test_the_dashboards_partner_figures_follow_the_supervisors_region(two_regions, client, operator_region, seen):
    login(client, make_agent("supervisor", two_regions[operator_region] if operator_region else None))
    assert _partner_rows(client) == seen
    page = client.get("/piloting/").get_data(as_text=True)
    for partner_id, region, _count in BOOKED:
        name = db.session.get(Partner, partner_id).name
        assert (name in page) is (partner_id in seen), name


@pytest.mark.parametrize("operator_region, alpha_bookings", [
    ("84", "3"),  # Alpha's own region: its three bookings
    ("11", "0"),  # another region: none of Alpha's bookings, and no count of flows started anywhere
    (None, "3"),  # a national supervisor
])
def test_the_partner_page_follows_the_supervisors_region(two_regions, client, operator_region, alpha_bookings):
    login(client, make_agent("supervisor", two_regions[operator_region] if operator_region else None))
    page = client.get("/partners/partner-alpha").get_data(as_text=True)
    totals = page.split("<tfoot>")[1].split("</tfoot>")[0]
    started, finished, booked = [cell.split("</td>")[0] for cell in totals.split("<td>")[1:]]
    assert booked == alpha_bookings and finished == alpha_bookings
    assert (started == "—") is (operator_region is not None)  # flows have no region: not shown regionally
