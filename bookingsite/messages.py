"""The gettext marker for text defined away from where it is shown (data, errors): pure, no Flask."""


def N_(message: str) -> str:
    """Mark a msgid for extraction; it is translated where it is rendered."""
    return message
