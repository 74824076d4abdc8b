"""SQLAlchemy models, one module per feature; importing this package registers them all."""
from bookingsite.models.directory import (  # noqa: F401
    Agenda,
    AppointmentType,
    Operator,
    Partner,
    Region,
    Site,
)
from bookingsite.models import prequal, feeds, booking, agent, piloting, widget  # noqa: F401,E402
