"""Directory import and export against the database: all or nothing, by id, bookings left attached."""
from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookingsite.directory.fileformat import read_csv, read_json, write_csv, write_json
from bookingsite.directory.schema import SECTIONS, validate_directory
from bookingsite.geo import reference
from bookingsite.models import Agenda, AppointmentType, Operator, Partner, Region, Site

MODELS = {"operators": Operator, "sites": Site, "agendas": Agenda,
          "appointment_types": AppointmentType, "partners": Partner}
# The file says "region"; the table says "region_code".
RENAMED = {("operators", "region"): "region_code"}


def ensure_regions(session: Session) -> None:
    """Make the 18 regions of the reference data exist (names and time zones)."""
    known = {r.code: r for r in session.scalars(select(Region))}
    for region in reference().regions.values():
        row = known.get(region.code) or Region(code=region.code)
        row.name, row.timezone = region.name, region.timezone
        session.add(row)


def existing_ids(session: Session) -> dict[str, set[str]]:
    """The ids already in the directory, by section (a file may refer to them)."""
    return {s: set(session.scalars(select(m.id))) for s, m in MODELS.items()}


def import_directory(session: Session, text: str, fmt: str = "json") -> dict[str, int]:
    """Validate and apply a directory file in one transaction; return how many entries each section had."""
    document, lines = (read_csv if fmt == "csv" else read_json)(text)
    held = dict(session.execute(select(Partner.widget_id, Partner.id)).all())
    cleaned = validate_directory(document, existing_ids(session), lines, held)
    try:
        ensure_regions(session)
        _release_widget_ids(session, cleaned.get("partners", []))
        for section in SECTIONS:  # parents before children, so foreign keys hold at each flush
            for entry in cleaned.get(section, []):
                _upsert(session, section, entry)
            session.flush()
        session.commit()
    except Exception:
        session.rollback()
        raise
    return {s: len(cleaned.get(s, [])) for s in SECTIONS}


def _release_widget_ids(session: Session, partners: list[dict]) -> None:
    """Give each partner whose widget id changes a provisional one first, so that ids may move between partners
    of the file (the UNIQUE constraint holds at each flush)."""
    for entry in partners:
        row = session.get(Partner, entry["id"])
        if row is not None and row.widget_id != entry["widget_id"]:
            row.widget_id = uuid.uuid4().hex
    session.flush()


def _upsert(session: Session, section: str, entry: dict) -> None:
    model = MODELS[section]
    row = session.get(model, entry["id"]) or model(id=entry["id"])
    for name, value in entry.items():
        setattr(row, RENAMED.get((section, name), name), value)
    session.add(row)


NOT_EXPORTED = {"slots_version"}  # the site's own bookkeeping (availability.slot_answers), not directory data


def export_document(session: Session) -> dict:
    """The whole directory as a document of the import format."""
    document = {}
    for section, model in MODELS.items():
        columns = [c.key for c in model.__table__.columns if c.key not in NOT_EXPORTED]
        rows = session.scalars(select(model).order_by(model.id))
        document[section] = [
            {_file_name(section, c): getattr(row, c) for c in columns if getattr(row, c) is not None}
            for row in rows
        ]
    return document


def _file_name(section: str, column: str) -> str:
    for (sec, name), col in RENAMED.items():
        if sec == section and col == column:
            return name
    return column


def export_directory(session: Session, fmt: str = "json") -> str:
    """The directory as JSON or CSV text."""
    document = export_document(session)
    return write_csv(document) if fmt == "csv" else write_json(document)
