"""The directory's two file forms, JSON and CSV, read into and written from one document shape (pure)."""
from __future__ import annotations

import csv
import io
import json
import re

from bookingsite.core.csv_cells import quote_reversibly, unquote
from bookingsite.directory.schema import SECTIONS, DirectoryError, Problem

# CSV: one row per entry, its section in the first column; lists are joined with "|".
KIND = {"operators": "operator", "sites": "site", "agendas": "agenda",
        "appointment_types": "appointment_type", "partners": "partner"}
SECTION_OF = {v: k for k, v in KIND.items()}
COLUMNS = ["type", "id", "name", "label", "operator_id", "site_id", "region", "address", "postcode", "insee", "city",
           "lat", "lon", "opening_hours", "working_hours", "modalities", "wheelchair", "phone", "email",
           "booking_email", "website", "access", "closures", "feed_url", "mode", "capacity", "allow_private_network",
           "caldav_url", "duration_min", "buffer_min", "min_notice_min", "horizon_days", "position", "origins",
           "active", "contact_email", "widget_id", "api_key_hash", "demo"]
INTEGERS = {"capacity", "duration_min", "buffer_min", "min_notice_min", "horizon_days", "position"}
FLOATS = {"lat", "lon"}
BOOLEANS = {"wheelchair", "allow_private_network", "active", "demo"}
LISTS = {"modalities", "origins"}


def read_json(text: str) -> tuple[dict, dict]:
    """Parse a JSON directory; also return the line of each entry, for error messages."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DirectoryError([Problem("file", 0, exc.lineno, None, "-", f"is not valid JSON: {exc.msg}")]) from exc
    return data, _json_lines(text, data)


def _json_lines(text: str, data: object) -> dict:
    lines: dict = {}
    if not isinstance(data, dict):
        return lines
    for section in SECTIONS:
        start = text.find(f'"{section}"')
        for index, entry in enumerate(data.get(section) or []):
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            match = re.compile(r'"id"\s*:\s*' + re.escape(json.dumps(entry["id"]))).search(text, max(start, 0))
            if match:
                lines[(section, index)] = text.count("\n", 0, match.start()) + 1
    return lines


def write_json(document: dict) -> str:
    """The directory as indented JSON, sections in a fixed order."""
    return json.dumps({s: document.get(s, []) for s in SECTIONS}, ensure_ascii=False, indent=2) + "\n"


def read_csv(text: str) -> tuple[dict, dict]:
    """Parse a CSV directory (one row per entry, ``type`` first); return the document and each entry's line."""
    reader = csv.DictReader(io.StringIO(text))
    document: dict = {s: [] for s in SECTIONS}
    lines: dict = {}
    problems: list[Problem] = []
    for row in reader:
        line = reader.line_num
        section = SECTION_OF.get((row.get("type") or "").strip())
        if section is None:
            problems.append(Problem("file", 0, line, row.get("id"), "type", f"must be one of {', '.join(KIND.values())}"))
            continue
        entry, bad = _csv_entry(row)
        for name in bad:
            problems.append(Problem(section, len(document[section]), line, row.get("id"), name, "has the wrong form"))
        lines[(section, len(document[section]))] = line
        document[section].append(entry)
    if problems:
        raise DirectoryError(problems)
    return document, lines


def _csv_entry(row: dict) -> tuple[dict, list[str]]:
    entry: dict = {}
    bad: list[str] = []
    for name, raw in row.items():
        if name in (None, "type") or raw is None or raw.strip() == "":
            continue
        raw = unquote(raw.strip())
        try:
            entry[name] = _csv_value(name, raw)
        except ValueError:
            bad.append(name)
    return entry, bad


def _csv_value(name: str, raw: str):
    if name in INTEGERS:
        return int(raw)
    if name in FLOATS:
        return float(raw)
    if name in BOOLEANS:
        if raw.lower() not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueError(name)
        return raw.lower() in ("true", "1", "yes")
    if name in LISTS:
        return [part.strip() for part in raw.split("|") if part.strip()]
    if name == "closures":
        return [{"date": d.strip(), "reason": r.strip()} for d, _, r in (p.partition("=") for p in raw.split("|"))]
    return raw


def write_csv(document: dict) -> str:
    """The directory as CSV, one row per entry."""
    # Opened in spreadsheets too, so formula-like cells (a phone "+33…", a name "=HYPERLINK(…)") are quoted, and
    # reversibly: `directory import` removes the quote, so the file still round-trips.
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for section in SECTIONS:
        for entry in document.get(section, []):
            row = {"type": KIND[section]}
            for name, value in entry.items():
                if value is None:
                    continue
                if name in LISTS:
                    value = "|".join(value)
                elif name == "closures":
                    value = "|".join(f"{c['date']}={c.get('reason', '')}" for c in value)
                elif isinstance(value, bool):
                    value = "true" if value else "false"
                row[name] = quote_reversibly(value) if isinstance(value, str) else value
            writer.writerow(row)
    return out.getvalue()
