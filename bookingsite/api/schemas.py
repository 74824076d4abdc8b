"""The bodies and query parameters of API v1 as pydantic models: they validate requests and generate the OpenAPI
document (see ``spec.py``). Views still build their answers with the serializers the pages use; the response
models describe them, and every answer is checked against them.
"""
from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, RootModel, WithJsonSchema

from bookingsite.directory.schema import MODALITIES
from bookingsite.locator.search import MAX_QUERY
from bookingsite.models.prequal import CHANNELS
from bookingsite.prequal.documents import answers_schema
from bookingsite.prequal.loader import current

# Text a person can type: no C0 control but tab and line breaks, no DEL (``core.text.CONTROL``; refused before any
# view with 422 ``invalid_characters``). Written for both regex dialects: pydantic's and the document's readers'.
NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
# The days any filter may name (``core.text.FIRST_DAY``..``LAST_DAY``), as the document can say it.
DAY = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

Modality = Literal[MODALITIES]  # type: ignore[valid-type]


def text(max_length: int, min_length: int = 0, **extra) -> type[str]:
    """A string of typeable characters, of bounded length."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length, pattern=NO_CONTROL, **extra)]


Day = Annotated[str, Field(pattern=DAY, json_schema_extra={"format": "date"})]


class Query(BaseModel):
    """Query parameters: a parameter the API cannot use is a 400 naming it (422 for those in ``unprocessable``).

    An optional parameter defaults to None without being nullable: a query string has no null.
    """

    model_config = ConfigDict(extra="ignore")
    unprocessable: ClassVar[frozenset[str]] = frozenset()


class Body(BaseModel):
    """A JSON body: a member the API cannot use, or does not know, is a 422 naming it."""

    model_config = ConfigDict(extra="forbid")


# Requests

class CommunesQuery(Query):
    q: text(MAX_QUERY, 1, description="postal code or start of a name (accents, case, 'st'/'saint' ignored)",
            examples=["st etienne"])
    limit: int = Field(10, ge=1, le=50, description="at most this many")


class SitesAround(Query):
    limit: int = Field(10, ge=1, le=50, description="at most this many sites")
    lang: Literal["fr", "en"] = Field(None, description="language of the labels")
    model_config = ConfigDict(extra="forbid")  # exactly one origin: another origin's parameter is refused


class AroundPostcode(SitesAround):
    postcode: str = Field(pattern=r"^[0-9]{5}$", description="5-digit postal code", examples=["69001"])


class AroundCommune(SitesAround):
    insee: text(5, 5, description="INSEE commune code", examples=["2A004"])


class AroundPosition(SitesAround):
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False, description="latitude, decimal degrees")
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False, description="longitude, decimal degrees")


class SitesQuery(RootModel[AroundPostcode | AroundCommune | AroundPosition]):
    """Where to search from: exactly one of ``postcode``, ``insee``, or ``lat`` and ``lon``."""

    model_config = ConfigDict(title="origin", json_schema_extra={"style": "form", "explode": True})
    unprocessable: ClassVar[frozenset[str]] = frozenset()


class WeekQuery(Query):
    from_: Day = Field(None, alias="from", description="first day (default: today in the site's zone)")


class SlotsQuery(Query):
    from_: Day = Field(None, alias="from", description="first day (default: today in the site's zone)")
    days: int = Field(14, ge=1, le=62, description="how many days")
    type: text(64, 1) = Field(None, description="appointment type id (default: the first interview)")
    modality: Modality = Field(None, description="any modality when absent")
    unprocessable: ClassVar[frozenset[str]] = frozenset({"modality"})


class PrequalRequest(Body):
    # Every answer is a text, a list of texts or null; the questionnaire says which answers are complete (its
    # engine checks them and names the field), and the document says it as the questionnaire does.
    answers: Annotated[dict[str, str | list[str] | None], WithJsonSchema(answers_schema(current()))] = Field(
        description="question id -> choice id (a list for several, a postal code or commune for a place); "
                    "see GET /questionnaire")
    channel: Literal[CHANNELS] = "web"  # type: ignore[valid-type]


class BookingRequest(Body):
    site_id: text(64, 1)
    start: AwareDatetime = Field(description="a free slot's start, with its offset")
    type: text(64, 1) | None = Field(None, description="appointment type id (default: the first interview)")
    modality: Modality
    name: text(200, 1)
    email: text(254) | None = None
    phone: text(40) | None = None
    prequal_id: text(36) | None = Field(None, description="the id answered by POST /prequal")
    locale: Literal["fr", "en"] = "fr"
    consent: Literal[True] = Field(description="the person accepted the privacy notice")


class BookingHeaders(BaseModel):
    idempotency_key: str | None = Field(None, alias="Idempotency-Key",
                                        description="the same key (from the same partner) gives back the same booking")


# Answers

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
