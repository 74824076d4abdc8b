"""Bookings at overseas sites, the phone typed as a local person types it (0690…, 0692…)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bookingsite.booking import service
from bookingsite.models.booking import Booking
from tests.booking.booking_helpers import book_args, setup_site

# Where -> the site's commune, its region (its operator's) and a mobile number as typed there, stored in E.164.
OVERSEAS = {
    "guadeloupe": {"site": {"insee": "97120", "postcode": "97110", "city": "Pointe-à-Pitre", "lat": 16.2351,
                            "lon": -61.53792, "region_code": "01"},
                   "zone": "America/Guadeloupe", "typed": "0690 12 34 56", "stored": "+590690123456"},
    "reunion": {"site": {"insee": "97411", "postcode": "97400", "city": "Saint-Denis", "lat": -20.94342,
                         "lon": 55.4444, "region_code": "04"},
                "zone": "Indian/Reunion", "typed": "0692 12 34 56", "stored": "+262692123456"},
}


def book_overseas(where: str, email: str | None = None) -> Booking:
    """A web booking at a site of ``where`` (10:00 local time the next day) with the local mobile as typed."""
    place = OVERSEAS[where]
    site, _kind = setup_site(**place["site"])
    start = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo(place["zone"]))
    return service.book(**book_args(site, start=start, phone=place["typed"], email=email))
