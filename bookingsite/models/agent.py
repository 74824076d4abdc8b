"""Models of the agent feature (filled in by its issue)."""
