"""The bodies and query parameters of API v1 as pydantic models: they validate requests and, with the answers of
``responses.py``, generate the OpenAPI document (see ``spec.py``).
"""
from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, RootModel, WithJsonSchema

from bookingsite.booking.warm import API_DAYS
from bookingsite.locator.search import MAX_QUERY
from bookingsite.prequal.documents import answers_schema
from bookingsite.prequal.loader import current
from bookingsite.vocabulary import CHANNELS, DEFAULT_LOCALE, LOCALES, MODALITIES, WEB

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
    lang: Literal[LOCALES] = Field(None, description="language of the labels")  # type: ignore[valid-type]
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
    days: int = Field(API_DAYS, ge=1, le=62, description="how many days")
    type: text(64, 1) = Field(None, description="appointment type id (default: the first interview)")
    modality: Modality = Field(None, description="any modality when absent")
    unprocessable: ClassVar[frozenset[str]] = frozenset({"modality"})


class PrequalRequest(Body):
    # Every answer is a text, a list of texts or null; the questionnaire says which answers are complete (its
    # engine checks them and names the field), and the document says it as the questionnaire does.
    answers: Annotated[dict[str, str | list[str] | None], WithJsonSchema(answers_schema(current()))] = Field(
        description="question id -> choice id (a list for several, a postal code or commune for a place); "
                    "see GET /questionnaire")
    channel: Literal[CHANNELS] = WEB  # type: ignore[valid-type]


class BookingRequest(Body):
    site_id: text(64, 1)
    start: AwareDatetime = Field(description="a free slot's start, with its offset")
    type: text(64, 1) | None = Field(None, description="appointment type id (default: the first interview)")
    modality: Modality
    name: text(200, 1)
    email: text(254) | None = None
    phone: text(40) | None = None
    prequal_id: text(36) | None = Field(None, description="the id answered by POST /prequal")
    locale: Literal[LOCALES] = DEFAULT_LOCALE  # type: ignore[valid-type]
    consent: Literal[True] = Field(description="the person accepted the privacy notice")


class BookingHeaders(BaseModel):
    idempotency_key: str | None = Field(None, alias="Idempotency-Key",
                                        description="the same key (from the same partner) gives back the same booking")
