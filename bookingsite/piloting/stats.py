"""Dashboard figures from plain rows (pure): questionnaires, outcomes, bookings by dimension, delays, feed health.

A booking counts once it has been confirmed (``confirmed``): held slots that expired are not bookings. Its
cancellation and no-show are counted on the same row, by the dimension of the booking (week of the request,
region, operator, site, channel, partner, need, modality). Percentiles are nearest-rank: the smallest value with at
least p % of the values at or below it.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

UNKNOWN = ""  # the key of "not known" (no partner, no pre-qualification…)
SCOPES = ("in", "out", "choice")
FEED_STATUSES = ("ok", "error", "pending")


@dataclass(frozen=True, slots=True)
class PrequalRow:
    """What the dashboard reads of a pre-qualification."""

    created_at: datetime
    completed_at: datetime | None
    scope: str
    networks: tuple[str, ...]
    channel: str
    region: str | None
    heard_from: str | None = None  # the optional "how did you hear about this service?" answer
    chosen: str | None = None  # offered a choice: "cep" (this service) or the other network picked


@dataclass(frozen=True, slots=True)
class BookingRow:
    """What the dashboard reads of a booking (no personal data)."""

    created_at: datetime
    start: datetime
    confirmed: bool
    cancelled: bool
    no_show: bool
    region: str
    operator_id: str
    site_id: str
    channel: str
    partner_id: str | None
    needs: tuple[str, ...]
    modality: str


@dataclass(frozen=True, slots=True)
class OfferRow:
    """A slot list shown for a site and the delay to its first free slot (None: no free slot)."""

    site_id: str
    delay_minutes: int | None


@dataclass(frozen=True, slots=True)
class Table:
    """One table of the dashboard: ``rows`` are (key, number, …) in ``columns`` order; the view labels the keys."""

    key: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    def total(self, column: str) -> float:
        """The sum of one numeric column."""
        index = self.columns.index(column)
        return sum(row[index] for row in self.rows)


@dataclass(frozen=True)
class Dashboard:
    """Every table, by key, in display order."""

    tables: dict[str, Table] = field(default_factory=dict)


COUNTS = ("bookings", "cancelled", "no_show")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _count_table(key: str, bookings: list[BookingRow], dimension: Callable[[BookingRow], Iterable[str]],
                 order: Iterable[str] = ()) -> Table:
    counts: dict[str, list[int]] = {k: [0, 0, 0] for k in order}
    for row in bookings:
        for value in dimension(row):
            cell = counts.setdefault(value, [0, 0, 0])
            cell[0] += 1
            cell[1] += row.cancelled
            cell[2] += row.no_show
    if not order:  # the busiest first, then by key for a stable order
        keys = sorted(counts, key=lambda k: (-counts[k][0], k))
    else:
        keys = list(counts)
    return Table(key, ("key", *COUNTS), tuple((k, *counts[k]) for k in keys))


def _days(minutes: float) -> float:
    return round(minutes / 1440, 1)


def _delay_table(key: str, per_site: dict[str, list[float]], column: str) -> Table:
    rows = []
    for site_id in sorted(per_site):
        values = per_site[site_id]
        rows.append((site_id, len(values), _days(percentile(values, 50)), _days(percentile(values, 90))))
    return Table(key, ("key", column, "median_days", "p90_days"), tuple(rows))


def prequal_tables(prequals: list[PrequalRow]) -> list[Table]:
    """Questionnaires started and finished, outcomes, where out-of-scope people were sent, how the people served
    heard about the service (UNKNOWN: they did not say), and what people offered a choice chose (UNKNOWN: not
    recorded: they left the page without choosing)."""
    finished = [p for p in prequals if p.completed_at is not None]
    scopes = Counter(p.scope for p in finished)
    networks = Counter(n for p in finished if p.scope != "in" for n in p.networks)
    channels = Counter(p.channel for p in prequals)
    heard = Counter(p.heard_from or UNKNOWN for p in finished if p.scope != "out")
    chosen = Counter(p.chosen or UNKNOWN for p in finished if p.scope == "choice")
    return [
        Table("questionnaires", ("key", "count"), (("started", len(prequals)), ("finished", len(finished)))),
        Table("questionnaire_channels", ("key", "count"), tuple(sorted(channels.items(), key=lambda kv: kv[0]))),
        Table("outcomes", ("key", "count"), tuple((s, scopes.get(s, 0)) for s in SCOPES)),
        Table("networks", ("key", "count"), tuple(sorted(networks.items(), key=lambda kv: (-kv[1], kv[0])))),
        Table("heard_from", ("key", "count"), tuple(sorted(heard.items(), key=lambda kv: (-kv[1], kv[0])))),
        Table("choices", ("key", "count"), tuple(sorted(chosen.items(), key=lambda kv: (-kv[1], kv[0])))),
    ]


def week_of(instant: datetime, tz: ZoneInfo) -> str:
    """The ISO week of an instant in the given zone, e.g. 2026-W05."""
    year, week, _ = instant.astimezone(tz).isocalendar()
    return f"{year}-W{week:02d}"


def booking_tables(bookings: list[BookingRow], tz: ZoneInfo) -> list[Table]:
    """Bookings, cancellations and no-shows by week, region, operator, site, channel, partner, need, modality."""
    made = [b for b in bookings if b.confirmed]
    weeks = sorted({week_of(b.created_at, tz) for b in made})
    return [
        _count_table("weeks", made, lambda b: (week_of(b.created_at, tz),), weeks),
        _count_table("regions", made, lambda b: (b.region,)),
        _count_table("operators", made, lambda b: (b.operator_id,)),
        _count_table("sites", made, lambda b: (b.site_id,)),
        _count_table("channels", made, lambda b: (b.channel,)),
        _count_table("partners", made, lambda b: (b.partner_id or UNKNOWN,)),
        _count_table("needs", made, lambda b: b.needs or (UNKNOWN,)),
        _count_table("modalities", made, lambda b: (b.modality,)),
    ]


def delay_tables(bookings: list[BookingRow], offers: list[OfferRow]) -> list[Table]:
    """Per site: delay to the first free slot when a slot list was shown, and from request to appointment."""
    first: dict[str, list[float]] = {}
    for offer in offers:
        if offer.delay_minutes is not None:
            first.setdefault(offer.site_id, []).append(offer.delay_minutes)
    booked: dict[str, list[float]] = {}
    for b in bookings:
        if b.confirmed:
            booked.setdefault(b.site_id, []).append((b.start - b.created_at).total_seconds() / 60)
    return [_delay_table("first_slot_delays", first, "offers"),
            _delay_table("appointment_delays", booked, "bookings")]


def feed_table(statuses: list[str]) -> Table:
    """How many agenda feeds are ok, in error or not read yet."""
    counts = Counter(statuses)
    keys = [*FEED_STATUSES, *sorted(set(counts) - set(FEED_STATUSES))]
    return Table("feeds", ("key", "count"), tuple((k, counts.get(k, 0)) for k in keys))


def dashboard(prequals: list[PrequalRow], bookings: list[BookingRow], offers: list[OfferRow],
              feed_statuses: list[str], tz: ZoneInfo) -> Dashboard:
    """Every table of the dashboard, from rows already filtered by period and region."""
    tables = [*prequal_tables(prequals), *booking_tables(bookings, tz), *delay_tables(bookings, offers),
              feed_table(feed_statuses)]
    return Dashboard({t.key: t for t in tables})
