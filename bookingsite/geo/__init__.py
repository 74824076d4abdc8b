"""Reference data: communes, postal codes, regions, time zones and public holidays (offline)."""
from bookingsite.geo.calendar import holiday_subdivision, public_holidays  # noqa: F401
from bookingsite.geo.refdata import Commune, Region, normalize, reference  # noqa: F401
