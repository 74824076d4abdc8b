"""Plain dicts for the JSON API and schema.org JSON-LD (pure): times ISO 8601 with the site's offset."""
from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bookingsite.geo.hours import DayHours, OpenState, typical_week
from bookingsite.geo.refdata import Commune
from bookingsite.locator.directory import OperatorEntry, SiteEntry
from bookingsite.locator.search import Origin
from bookingsite.vocabulary import NEAR_KM

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def hhmm(moment: time) -> str:
    """"09:00"; the end of a day reads "24:00"."""
    return "24:00" if moment >= time(23, 59, 59) else moment.strftime("%H:%M")


def local_iso(moment: datetime | None, zone: str) -> str | None:
    """An instant as ISO 8601 in the site's zone, with its offset."""
    return None if moment is None else moment.astimezone(ZoneInfo(zone)).isoformat(timespec="seconds")


def origin_json(origin: Origin) -> dict:
    """The API's ``origin`` member: where distances are measured from."""
    return {"label": origin.label, "lat": origin.lat, "lon": origin.lon, "region": origin.region}


def operator_json(operator: OperatorEntry | None) -> dict | None:
    """The API's ``operator`` member: the regional operator serving the origin."""
    if operator is None:
        return None
    return {"id": operator.id, "name": operator.name, "region": operator.region, "phone": operator.phone,
            "website": operator.website}


def site_json(site: SiteEntry, state: OpenState, distance_km: float | None = None) -> dict:
    """A site as the API shows it; ``distance_km``/``within_30km`` only in a search."""
    body = {
        "id": site.id, "name": site.name, "operator_id": site.operator_id, "region": site.region,
        "address": site.address, "postcode": site.postcode, "city": site.city, "lat": site.lat, "lon": site.lon,
    }
    if distance_km is not None:
        body["distance_km"] = round(distance_km, 2)
        body["within_30km"] = distance_km <= NEAR_KM
    body.update({
        "timezone": site.timezone, "opening_hours": site.opening_hours, "open_now": state.is_open,
        "next_change": local_iso(state.next_change, site.timezone), "modalities": list(site.modalities),
        "wheelchair": site.wheelchair, "evening": site.features.evening, "saturday": site.features.saturday,
    })
    return body


def week_json(days: list[DayHours]) -> list[dict]:
    """The week: local intervals, or why a day is closed."""
    return [{"date": d.day.isoformat(), "intervals": [[hhmm(a), hhmm(b)] for a, b in d.intervals],
             "closed_reason": d.closed_reason if d.closed_kind else None, "closed_kind": d.closed_kind}
            for d in days]


def commune_json(commune: Commune) -> dict:
    """One entry of the API's ``communes`` list."""
    return {"insee": commune.insee, "name": commune.name_article, "postcode": commune.postcode,
            "department": commune.department, "region": commune.region, "lat": commune.lat, "lon": commune.lon}


def site_jsonld(site: SiteEntry, operator: OperatorEntry | None, days: list[DayHours], url: str) -> dict:
    """schema.org GovernmentOffice with its regular hours and this week's closures."""
    regular = [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": f"https://schema.org/{DAYS[weekday]}",
         "opens": hhmm(a), "closes": hhmm(b)}
        for weekday, intervals in typical_week(site.opening_hours, days[0].day) for a, b in intervals
    ]
    special = [
        {"@type": "OpeningHoursSpecification", "validFrom": d.day.isoformat(), "validThrough": d.day.isoformat(),
         "opens": "00:00", "closes": "00:00", "description": d.closed_reason or d.closed_kind}
        for d in days if d.closed_kind
    ]
    body = {
        "@context": "https://schema.org", "@type": "GovernmentOffice", "@id": url, "url": url, "name": site.name,
        "address": {"@type": "PostalAddress", "streetAddress": site.address, "postalCode": site.postcode,
                    "addressLocality": site.city, "addressCountry": "FR"},
        "geo": {"@type": "GeoCoordinates", "latitude": site.lat, "longitude": site.lon},
        "openingHoursSpecification": regular,
        "isAccessibleForFree": True,
    }
    if special:
        body["specialOpeningHoursSpecification"] = special
    if site.phone or (operator and operator.phone):
        body["telephone"] = site.phone or operator.phone
    if operator:
        body["parentOrganization"] = {"@type": "Organization", "name": operator.name,
                                      **({"url": operator.website} if operator.website else {})}
    return body
