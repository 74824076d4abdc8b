"""Presentation of dashboard tables: titles, column headers and row labels (translated), and SVG bar geometry."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from bookingsite.geo import reference
from bookingsite.labels import channel_label, modality_label
from bookingsite.piloting.coverage import Coverage
from bookingsite.piloting.stats import UNKNOWN, Table

TITLES = {
    "questionnaires": _l("Questionnaires"),
    "questionnaire_channels": _l("Questionnaires by channel"),
    "outcomes": _l("Questionnaire outcomes"),
    "networks": _l("People re-routed, by network"),
    "heard_from": _l("How the people served heard about the service"),
    "choices": _l("What people offered a choice chose"),
    "weeks": _l("Bookings by week of request"),
    "regions": _l("Bookings by region"),
    "operators": _l("Bookings by operator"),
    "sites": _l("Bookings by site"),
    "channels": _l("Bookings by channel"),
    "partners": _l("Bookings by partner"),
    "needs": _l("Bookings by need"),
    "modalities": _l("Bookings by modality"),
    "first_slot_delays": _l("Delay to the first available slot, per site"),
    "appointment_delays": _l("Delay from booking request to appointment, per site"),
    "feeds": _l("Health of the agenda feeds"),
    "coverage": _l("Territorial coverage: active population within 30 km of a site"),
}
COLUMNS = {
    "key": _l("Item"), "count": _l("Number"), "bookings": _l("Bookings"), "cancelled": _l("Cancelled"),
    "no_show": _l("No-shows"), "offers": _l("Slot lists shown"), "median_days": _l("Median (days)"),
    "p90_days": _l("90th percentile (days)"), "active_population": _l("Active population"),
    "covered_population": _l("Within 30 km"), "share_pct": _l("Share within 30 km (%)"),
    "farthest": _l("Farthest commune"), "distance_km": _l("Its distance to a site (km)"),
}
FIXED = {
    "started": _l("Started"), "finished": _l("Finished"), "in": _l("In scope (CEP)"),
    "out": _l("Re-routed to another network"), "choice": _l("Choice between the CEP and another network"),
    "ok": _l("Read"), "error": _l("In error"), "pending": _l("Not read yet"), "cep": _l("This service (CEP)"),
}
# The table each dimension's ids are named from.
NAMED_BY = {"sites": "sites", "operators": "operators", "partners": "partners", "first_slot_delays": "sites",
            "appointment_delays": "sites"}
FIXED_KEYS = {"questionnaires", "outcomes", "feeds"}
CHANNEL_TABLES = {"questionnaire_channels", "channels"}
CHARTED = {"questionnaires", "questionnaire_channels", "outcomes", "networks", "heard_from", "choices", "weeks",
           "regions", "operators", "channels", "partners", "needs", "modalities", "feeds"}


def row_label(table: str, key: str, names: dict[str, dict[str, str]], questionnaire_labels: dict[str, str]) -> str:
    """The label a person reads for a row key."""
    if key == UNKNOWN:
        return str(_l("None or not known"))
    if table in FIXED_KEYS:
        return str(FIXED.get(key, key))
    if table in CHANNEL_TABLES:
        return channel_label(key)
    if table == "modalities":
        return modality_label(key)
    if table in ("regions", "coverage"):
        region = reference().regions.get(key)
        return region.name if region else key
    if table in NAMED_BY:
        return names.get(NAMED_BY[table], {}).get(key, key)
    if table == "choices" and key == "cep":
        return str(FIXED[key])
    if table in ("needs", "networks", "heard_from", "choices"):
        return questionnaire_labels.get(key, key)
    return key


def coverage_table(coverage: Coverage, region: str | None) -> Table:
    """Coverage by region as a dashboard table (one region when filtered)."""
    rows = []
    for r in coverage.regions:
        if region and r.region != region:
            continue
        far = r.farthest[0] if r.farthest else None
        share = None if r.share is None else round(r.share * 100, 1)
        distance = None if far is None or far.distance_km is None else round(far.distance_km, 1)
        rows.append((r.region, r.active_population, r.covered_population, share,
                     f"{far.name} ({far.insee})" if far else "", distance))
    return Table("coverage", ("key", "active_population", "covered_population", "share_pct", "farthest",
                              "distance_km"), tuple(rows))


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    label: str
    value: float


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: one bar per row, scaled to the largest value."""

    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]


BAR, GAP, CHART_WIDTH, LABEL_WIDTH = 18, 6, 640, 240


def bar_chart(labels: list[str], values: list[float]) -> Chart:
    """Geometry of a bar chart of these values (labels cut to fit; the table beside holds the full text)."""
    top = max(values, default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 70  # space for the value written after the bar
    bars = tuple(Bar(i * (BAR + GAP), round(room * v / top, 1), label if len(label) <= 34 else label[:33] + "…", v)
                 for i, (label, v) in enumerate(zip(labels, values)))
    return Chart(CHART_WIDTH, max(1, len(bars)) * (BAR + GAP), LABEL_WIDTH, bars)
