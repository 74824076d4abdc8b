"""Models of the piloting feature (filled in by its issue)."""
