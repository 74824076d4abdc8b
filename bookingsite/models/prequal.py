"""Models of the prequal feature (filled in by its issue)."""
