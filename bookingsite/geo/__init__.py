"""Reference data: communes, postal codes, regions, time zones and public holidays (offline)."""
from bookingsite.geo.refdata import Commune, Region, reference, normalize  # noqa: F401
from bookingsite.geo.calendar import holiday_subdivision, public_holidays  # noqa: F401
