"""The public JSON API v1 (a fixed contract, see README): one blueprint, one module per resource."""
from bookingsite.api import bookings, locator, offer, prequal, slots, spec  # noqa: F401  (routes)
from bookingsite.api.blueprint import bp

__all__ = ["bp"]
