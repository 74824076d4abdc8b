"""The answers of API v1 as pydantic models: views still build them with the serializers the pages use; these
models document them, and every answer is checked against them (see ``spec.py``).
"""
from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from bookingsite.api.schemas import Day, Modality


class FieldProblem(BaseModel):
    field: str
    code: str
    message: str


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = Field(None, description="the parameter or body member at fault")
    fields: list[FieldProblem] | None = Field(None, description="every invalid answer (POST /prequal)")


class Slot(BaseModel):
    start: AwareDatetime
    end: AwareDatetime
    modality: Modality


class Error(BaseModel):
    error: ErrorDetail
    alternatives: list[Slot] | None = Field(None, description="free slots instead (409 slot_taken)")


class Commune(BaseModel):
    insee: str
    name: str
    postcode: str
    department: str
    region: str
    lat: float
    lon: float


class CommunesAnswer(BaseModel):
    communes: list[Commune]


class OriginAnswer(BaseModel):
    label: str
    lat: float
    lon: float
    region: str | None


class Operator(BaseModel):
    id: str
    name: str
    region: str
    phone: str | None
    website: str | None


class Site(BaseModel):
    id: str
    name: str
    operator_id: str
    region: str
    address: str
    postcode: str
    city: str
    lat: float
    lon: float
    distance_km: float | None = Field(None, description="in a search only")
    within_30km: bool | None = Field(None, description="in a search only")
    timezone: str
    opening_hours: str
    open_now: bool
    next_change: AwareDatetime | None = Field(description="in the site's zone")
    modalities: list[Modality]
    wheelchair: bool | None


class SitesAnswer(BaseModel):
    origin: OriginAnswer
    operator: Operator | None = Field(description="the operator serving the origin's region")
    sites: list[Site]
    communes: list[Commune] | None = Field(None, description="the communes of a postal code shared by several")


class DayHours(BaseModel):
    date: Day
    intervals: list[tuple[str, str]] = Field(description="local times, HH:MM")
    closed_reason: str | None
    closed_kind: str | None


class SiteWeek(Site):
    week: list[DayHours]


class AppointmentType(BaseModel):
    id: str
    label: str
    duration_min: int
    modalities: list[Modality]


class AppointmentTypes(BaseModel):
    types: list[AppointmentType]


class FeedState(BaseModel):
    agenda_id: str
    fresh: bool
    fetched_at: AwareDatetime | None


class FreeSlots(BaseModel):
    site_id: str
    timezone: str
    type: str
    feeds: list[FeedState]
    slots: list[Slot]


class Choice(BaseModel):
    id: str
    label: str
    show_if: list[dict[str, list[str]]] | None = Field(None, description="offered when any of these tables matches")


class Question(BaseModel):
    id: str
    step: str
    kind: str
    required: bool
    label: str
    hint: str | None
    choices: list[Choice]
    show_if: list[dict[str, list[str]]] | None = Field(description="shown when any of these tables matches")


class Step(BaseModel):
    id: str
    title: str


class Questionnaire(BaseModel):
    version: str
    steps: list[Step]
    questions: list[Question]


class Network(BaseModel):
    id: str
    name: str
    phone: str | None
    website: str | None
    description: str


class Urgency(BaseModel):
    urgent: bool
    reason: str | None


class Advice(BaseModel):
    id: str
    title: str
    text: str
    url: str | None


class Outcome(BaseModel):
    id: str | None = Field(description="carry it into a booking as prequal_id")
    version: str
    scope: Literal["in", "out", "choice"]
    reason: str
    networks: list[Network]
    need: list[str]
    urgency: Urgency
    appointment_type: str | None
    modality: str | None
    advice: list[Advice]


class Booked(BaseModel):
    id: int
    reference: str
    site_id: str
    start: AwareDatetime
    end: AwareDatetime
    type: str
    modality: Modality
    status: str
    ics_url: str
    manage_url: str


class Cancelled(BaseModel):
    reference: str
    status: Literal["cancelled"]
