"""The public booking pages: slots, hold, details, confirmation (views_book) and the manage link (views_manage)."""
from bookingsite.booking import views_book, views_manage  # noqa: F401  (routes)
from bookingsite.booking.blueprint import bp

__all__ = ["bp"]
