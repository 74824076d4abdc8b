"""The agent desk's routes: the call flow, search, bookings, day view, audit log and feed health."""
from bookingsite.agent import audit_views, bookings, day, desk, desk_outcome, feeds_views  # noqa: F401  (routes)
from bookingsite.agent.blueprint import bp

__all__ = ["bp"]
