"""Models of feed snapshots (filled in by the availability issue)."""
