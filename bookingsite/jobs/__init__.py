"""Background work on the task queue (huey): the outbox's deliveries and the periodic jobs, and `flask jobs`."""
