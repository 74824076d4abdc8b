"""SQLAlchemy models, one module per feature; importing this package registers them all."""
from bookingsite.models import agent, booking, feeds, outbox, piloting, prequal, webhooks, widget  # noqa: F401
from bookingsite.models.directory import (  # noqa: F401
    Agenda,
    AppointmentType,
    Operator,
    Partner,
    Region,
    Site,
)
