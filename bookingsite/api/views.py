"""The public JSON API v1 (a fixed contract, see DESIGN.md): one blueprint, one module per resource."""
from bookingsite.api import bookings, locator, openapi, prequal, slots  # noqa: F401  (routes)
from bookingsite.api.blueprint import bp

__all__ = ["bp"]
