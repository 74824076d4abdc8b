"""Pre-qualification (UO0): the questionnaire as data, a pure engine, the web flow and the shared service."""
