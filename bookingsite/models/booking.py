"""Models of the booking feature (filled in by its issue)."""
