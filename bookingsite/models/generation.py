"""A counter of this process that says "what you derived from these rows may be stale": raised when a session that
wrote them commits or rolls back (what another session read between the flush and then must be read again)."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session


class Generation:
    """Raised by ``bump`` and after each commit or rollback of a session ``touched`` marked; caches keep what they
    derived while the ``value`` they read stays the same."""

    def __init__(self, name: str):
        self.value, self._key = 0, f"generation.{name}"
        event.listen(Session, "after_commit", self._settled)
        event.listen(Session, "after_rollback", self._settled)

    def bump(self) -> None:
        """Raise it now (this process's own reads after the flush)."""
        self.value += 1

    def touched(self, session: Session) -> None:
        """Raise it once this session's transaction ends."""
        session.info[self._key] = True

    def _settled(self, session: Session) -> None:
        if session.info.pop(self._key, False):
            self.bump()
