"""What the store is told from above, as values: who writes, and what may be written.

The event store enforces roles and official-unit locks *inside* each write's transaction (so an
import or a replay cannot slip past them), but the rules themselves belong to the services. They
come in as a :class:`WritePolicy` object passed to :meth:`EventStore.open` / ``create``, never as
an attribute assigned from above, and the desk's identity as a :class:`DeskIdentity` value read
once per session (not from the environment at every write).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from typing import Protocol

from ..paths import login_name


@dataclass(frozen=True)
class DeskIdentity:
    """The desk and the computer's user a journal row names: known once per session."""

    desk: str
    user: str

    @classmethod
    def of_this_computer(cls, desk: str | None = None) -> DeskIdentity:
        """This computer's: ``desk`` if given, else $RALLYDESK_DESK or the host name; the user
        $RALLYDESK_USER or the login name. Read once, when the event is opened."""
        return cls(
            desk or os.environ.get("RALLYDESK_DESK") or socket.gethostname(),
            os.environ.get("RALLYDESK_USER") or login_name(),
        )


class WritePolicy(Protocol):
    """The rules every write is checked against inside its transaction, before it changes anything."""

    def check(self, action: str, stage: int | None, number: int | None, reason: str | None) -> None:
        """Raise ``RallyDeskError`` to refuse ``action`` on (stage, number); the write is undone."""
        ...

    @property
    def official(self) -> str | None:
        """The official the journal row names (None: the event has no officials, or nobody is)."""
        ...


class AllowAll:
    """The policy of a store opened without services (verify, push/pull, tests, migrations)."""

    official: str | None = None

    def check(self, action: str, stage: int | None, number: int | None, reason: str | None) -> None:
        return None


ALLOW_ALL: WritePolicy = AllowAll()
