"""Validation of a directory file (operators, sites, agendas, appointment types, partners): pure, errors name
the entry, its line and the field."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from bookingsite.directory.keys import hash_api_key
from bookingsite.geo import reference
from bookingsite.geo.hours import HoursError, parse_hours
from bookingsite.phones import phone_candidates, territory_of
from bookingsite.vocabulary import MODALITIES

SECTIONS = ("operators", "sites", "agendas", "appointment_types", "partners")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where, which field, what."""

    section: str
    index: int
    line: int | None
    entry_id: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        ident = f" id={self.entry_id!r}" if self.entry_id else ""
        return f"{where}{self.section}[{self.index}]{ident}, field {self.field!r}: {self.message}"


class DirectoryError(ValueError):
    """The file was refused; ``problems`` lists every reason (nothing was imported)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class _Checker:
    section: str
    index: int
    entry: dict
    line: int | None
    problems: list[Problem] = field(default_factory=list)

    def fail(self, name: str, message: str) -> None:
        ident = self.entry.get("id") if isinstance(self.entry.get("id"), str) else None
        self.problems.append(Problem(self.section, self.index, self.line, ident, name, message))

    def text(self, name: str, required: bool = True, max_len: int = 300) -> str | None:
        value = self.entry.get(name)
        if value in (None, ""):
            if required:
                self.fail(name, "is required")
            return None
        if not isinstance(value, str) or len(value) > max_len:
            self.fail(name, f"must be text of at most {max_len} characters")
            return None
        return value.strip()

    def ident(self, name: str = "id", known: set[str] | None = None) -> str | None:
        value = self.text(name, max_len=64)
        if value is not None and not _ID.match(value):
            self.fail(name, "must be letters, digits, '-', '_' or '.' (at most 64)")
        elif value is not None and known is not None and value not in known:
            self.fail(name, f"refers to {value!r}, which is neither in the file nor already in the directory")
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.entry.get(name, default)
        if not isinstance(value, bool):
            self.fail(name, "must be true or false")
            return default
        return value

    def integer(self, name: str, low: int, high: int, default: int | None = None) -> int | None:
        value = self.entry.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(name, f"must be a whole number from {low} to {high}")
            return default
        return value

    def url(self, name: str, required: bool = False) -> str | None:
        value = self.text(name, required=required, max_len=500)
        if value is not None and (urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc):
            self.fail(name, "must be an http:// or https:// address")
        return value

    def email(self, name: str) -> str | None:
        value = self.text(name, required=False, max_len=200)
        if value is not None:
            try:
                validate_email(value, check_deliverability=False)
            except EmailNotValidError as exc:
                self.fail(name, f"is not a valid e-mail address ({exc})")
        return value

    def phone(self, name: str, department: str = "") -> str | None:
        value = self.text(name, required=False, max_len=40)
        if value is not None:
            digits = value.replace(" ", "")
            short = len(digits) == 4 and digits.isdigit()  # 39 49-style
            if not short and not phone_candidates(value, territory_of(department=department)):
                self.fail(name, "is not a valid phone number")
        return value

    def choices(self, name: str, allowed: tuple[str, ...], required: bool = True) -> list[str]:
        value = self.entry.get(name, [])
        if not isinstance(value, list) or any(v not in allowed for v in value) or (required and not value):
            self.fail(name, f"must be a list of: {', '.join(allowed)}")
            return []
        return list(dict.fromkeys(value))

    def hours(self, name: str, required: bool = True) -> str | None:
        value = self.text(name, required=required, max_len=500)
        if value is not None:
            try:
                parse_hours(value)
            except HoursError as exc:
                self.fail(name, f"is not a valid opening_hours expression: {exc}")
        return value


def _operator(c: _Checker, ids: dict) -> dict:
    region = c.text("region", max_len=3)
    if region is not None and region not in reference().regions:
        c.fail("region", "must be one of the 18 INSEE region codes (e.g. '11', '44', '04')")
    return {"id": c.ident(), "name": c.text("name", max_len=200), "region": region, "phone": c.phone("phone"),
            "website": c.url("website"), "email": c.email("email"), "demo": c.boolean("demo")}


def _site(c: _Checker, ids: dict) -> dict:
    ref = reference()
    postcode = c.text("postcode", max_len=5)
    insee = c.text("insee", required=False, max_len=5)
    commune = ref.commune(insee) if insee else None
    if insee and commune is None:
        c.fail("insee", f"{insee!r} is not a known INSEE commune code")
    if postcode is not None and not ref.communes_for_postcode(postcode):
        c.fail("postcode", f"{postcode!r} is not a known French postal code")
    elif postcode is not None and commune is None and not insee:
        commune = ref.communes_for_postcode(postcode)[0]
    lat, lon = c.entry.get("lat", commune.lat if commune else None), c.entry.get("lon", commune.lon if commune else None)
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        c.fail("lat", "lat and lon must be numbers (decimal degrees)")
    closures = _closures(c)
    return {"id": c.ident(), "operator_id": c.ident("operator_id", ids["operators"]), "name": c.text("name", max_len=200),
            "address": c.text("address"), "postcode": postcode, "insee": commune.insee if commune else insee,
            "city": commune.name_article if commune else c.entry.get("city"), "lat": lat, "lon": lon,
            "opening_hours": c.hours("opening_hours"), "modalities": c.choices("modalities", MODALITIES),
            "wheelchair": c.boolean("wheelchair"), "phone": c.phone("phone", commune.department if commune else ""),
            "email": c.email("email"), "booking_email": c.email("booking_email"),
            "access": c.text("access", required=False, max_len=1000), "closures": closures}


def _closures(c: _Checker) -> list[dict]:
    value = c.entry.get("closures", [])
    found = []
    if not isinstance(value, list):
        c.fail("closures", "must be a list of {date, reason}")
        return found
    for item in value:
        try:
            day = date.fromisoformat(item["date"]).isoformat()
        except (TypeError, KeyError, ValueError):
            c.fail("closures", "each closure needs a date written YYYY-MM-DD")
            continue
        found.append({"date": day, "reason": str(item.get("reason") or "")[:200]})
    return found


def _agenda(c: _Checker, ids: dict) -> dict:
    mode = c.text("mode", required=False, max_len=10) or "busy"
    if mode not in ("busy", "open"):
        c.fail("mode", "must be 'busy' (the feed lists busy times) or 'open' (it lists open windows)")
    return {"id": c.ident(), "site_id": c.ident("site_id", ids["sites"]), "name": c.text("name", max_len=200),
            "feed_url": c.url("feed_url"), "mode": mode, "capacity": c.integer("capacity", 1, 50, 1),
            "working_hours": c.hours("working_hours", required=False),
            "allow_private_network": c.boolean("allow_private_network"), "caldav_url": c.url("caldav_url")}


def _appointment_type(c: _Checker, ids: dict) -> dict:
    return {"id": c.ident(), "label": c.text("label", max_len=200), "duration_min": c.integer("duration_min", 5, 480),
            "buffer_min": c.integer("buffer_min", 0, 240, 0), "min_notice_min": c.integer("min_notice_min", 0, 20160, 120),
            "horizon_days": c.integer("horizon_days", 1, 366, 60), "modalities": c.choices("modalities", MODALITIES),
            "position": c.integer("position", 0, 1000, 0)}


def _partner(c: _Checker, ids: dict) -> dict:
    origins = c.entry.get("origins", [])
    if not isinstance(origins, list) or not all(isinstance(o, str) and _is_origin(o) for o in origins):
        c.fail("origins", "must be a list of origins like https://www.example.org (scheme, host, optional port)")
        origins = []
    partner_id = c.ident()
    # The publishable id defaults to the partner's id; it may differ, but never be the secret key itself.
    widget_id = c.ident("widget_id") if c.entry.get("widget_id") not in (None, "") else partner_id
    key_hash = c.text("api_key_hash", required=False, max_len=128)
    if widget_id and key_hash and hash_api_key(widget_id) == key_hash:
        c.fail("widget_id", "is the partner's secret API key, and a widget id is shown in web pages")
    return {"id": partner_id, "widget_id": widget_id, "name": c.text("name", max_len=200), "origins": origins,
            "active": c.boolean("active", True), "contact_email": c.email("contact_email"),
            "api_key_hash": key_hash}


def _widget_id_clashes(partners: list[dict], held: dict[str, str], lines: dict) -> list[Problem]:
    """Widget ids that two partners would hold once the file is applied (``held``: widget id -> partner id now)."""
    in_file = {p["id"] for p in partners}
    owners = {widget_id: owner for widget_id, owner in held.items() if owner not in in_file}
    problems = []
    for index, partner in enumerate(partners):
        owner = owners.setdefault(partner["widget_id"], partner["id"])
        if owner != partner["id"]:
            problems.append(Problem("partners", index, lines.get(("partners", index)), partner["id"], "widget_id",
                                    f"is already the widget id of partner {owner!r}"))
    return problems


def _is_origin(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and parts.path in ("", "/") and not parts.query


_VALIDATORS = {"operators": _operator, "sites": _site, "agendas": _agenda,
               "appointment_types": _appointment_type, "partners": _partner}


def validate_directory(data: object, existing: dict[str, set[str]], lines: dict | None = None,
                       widget_ids: dict[str, str] | None = None) -> dict[str, list[dict]]:
    """Check a whole directory document (``widget_ids``: those partners hold now, widget id -> partner id);
    return its cleaned sections or raise ``DirectoryError``."""
    if not isinstance(data, dict) or not any(k in data for k in SECTIONS):
        raise DirectoryError([Problem("file", 0, None, None, "-", f"must be an object with {', '.join(SECTIONS)}")])
    ids = {s: set(existing.get(s, ())) | {e.get("id") for e in data.get(s) or [] if isinstance(e, dict)}
           for s in SECTIONS}
    problems: list[Problem] = []
    cleaned: dict[str, list[dict]] = {}
    for section in SECTIONS:
        entries = data.get(section) or []
        if not isinstance(entries, list):
            problems.append(Problem(section, 0, None, None, "-", "must be a list"))
            continue
        seen: set[str] = set()
        cleaned[section] = []
        for index, entry in enumerate(entries):
            line = (lines or {}).get((section, index))
            checker = _Checker(section, index, entry if isinstance(entry, dict) else {}, line)
            if not isinstance(entry, dict):
                checker.fail("-", "must be an object")
                problems.extend(checker.problems)
                continue
            row = _VALIDATORS[section](checker, ids)
            if row["id"] in seen:
                checker.fail("id", "appears twice in the file")
            seen.add(row["id"])
            problems.extend(checker.problems)
            cleaned[section].append(row)
    if not problems:
        problems = _widget_id_clashes(cleaned.get("partners", []), widget_ids or {}, lines or {})
    if problems:
        raise DirectoryError(problems)
    return cleaned
