"""What a committed change touched, as typed values: the desk's views refresh from them.

One frozen dataclass per kind of change, carrying what changed. Each says once, in ``affects``,
which parts of the desk depend on it, so a widget asks ``notice.affects & {Aspect.RESULTS}``
instead of re-listing kinds in if-chains. ``kind`` (a :class:`Change`, a ``StrEnum``) and
``details()`` keep the older ``(kind, details)`` form for scripts that subscribed with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any, ClassVar


class Change(StrEnum):
    """The kind of a notice (its name as text: listeners written before the typed notices
    compared ``kind == "time"``)."""

    TIME = "time"
    ADJUSTMENT = "adjustment"
    STAGE = "stage"
    GROUP = "group"
    ENTRY = "entry"
    SETTINGS = "settings"
    BATCH = "batch"
    OFFICIALS = "officials"
    PUBLICATION = "publication"
    STARTS = "starts"
    SECOND_KEYING = "second"
    EXTERNAL = "external"
    LOGIN = "login"
    BACKUP = "backup"
    OFFLINE = "offline"


class Aspect(Enum):
    """What part of the desk a notice concerns."""

    RESULTS = "results"  # stage times: classifications, missing lists, last keyed
    PENALTIES = "penalties"  # adjustments
    STRUCTURE = "structure"  # stages, groups, entries, settings: every view is rebuilt
    STARTS = "starts"  # start lists
    SECOND = "second"  # the blind second keying
    PUBLICATION = "publication"  # published versions, units' states
    OFFICIALS = "officials"  # who may act
    SESSION = "session"  # who is logged in (no data changed)
    DESK = "desk"  # the desk's own state: backups, offline (no data changed)


_DATA = frozenset(
    {Aspect.RESULTS, Aspect.PENALTIES, Aspect.STRUCTURE, Aspect.STARTS, Aspect.SECOND}
)


@dataclass(frozen=True)
class Notice:
    """A committed change (or a change of the desk's state)."""

    kind: ClassVar[Change]
    affects: ClassVar[frozenset[Aspect]]

    def details(self) -> dict[str, Any]:
        """The fields as a dict: the older listeners' ``details``."""
        return dataclasses.asdict(self)

    @property
    def changes_data(self) -> bool:
        """True when the event's data changed (not only who is logged in or the desk's state)."""
        return bool(self.affects & (_DATA | {Aspect.PUBLICATION, Aspect.OFFICIALS}))


@dataclass(frozen=True)
class TimeChanged(Notice):
    kind = Change.TIME
    affects = frozenset({Aspect.RESULTS})
    stage: int
    number: int


@dataclass(frozen=True)
class AdjustmentChanged(Notice):
    kind = Change.ADJUSTMENT
    affects = frozenset({Aspect.PENALTIES, Aspect.RESULTS})
    id: int
    stage: int | None
    number: int | None


@dataclass(frozen=True)
class StageChanged(Notice):
    kind = Change.STAGE
    affects = frozenset({Aspect.STRUCTURE})
    stage: int


@dataclass(frozen=True)
class GroupChanged(Notice):
    kind = Change.GROUP
    affects = frozenset({Aspect.STRUCTURE})
    code: str


@dataclass(frozen=True)
class EntryChanged(Notice):
    kind = Change.ENTRY
    affects = frozenset({Aspect.STRUCTURE})
    number: int | None


@dataclass(frozen=True)
class SettingsChanged(Notice):
    kind = Change.SETTINGS
    affects = frozenset({Aspect.STRUCTURE})


@dataclass(frozen=True)
class BatchWritten(Notice):
    """Several changes at once (an import, a replay): everything is refreshed."""

    kind = Change.BATCH
    affects = _DATA | {Aspect.PUBLICATION, Aspect.OFFICIALS}
    written: bool = True


@dataclass(frozen=True)
class OfficialsChanged(Notice):
    kind = Change.OFFICIALS
    affects = frozenset({Aspect.OFFICIALS})
    name: str


@dataclass(frozen=True)
class Published(Notice):
    kind = Change.PUBLICATION
    affects = frozenset({Aspect.PUBLICATION})
    stage: int
    category: str
    version: int


@dataclass(frozen=True)
class StartsChanged(Notice):
    kind = Change.STARTS
    affects = frozenset({Aspect.STARTS})
    stage: int


@dataclass(frozen=True)
class SecondKeyingChanged(Notice):
    kind = Change.SECOND_KEYING
    affects = frozenset({Aspect.SECOND})
    stage: int
    number: int


@dataclass(frozen=True)
class OtherDeskWrote(Notice):
    """Another desk committed. With ``times`` only results changed (``stage``/``number``: the one
    result, when it was one); with ``times == 0`` anything may have: everything is refreshed."""

    kind = Change.EXTERNAL
    affects = _DATA | {Aspect.PUBLICATION, Aspect.OFFICIALS}
    times: int = 0
    stage: int | None = None
    number: int | None = None


@dataclass(frozen=True)
class LoggedIn(Notice):
    """An official logged in (``name``) or out (None): who acts changed, not the data."""

    kind = Change.LOGIN
    affects = frozenset({Aspect.SESSION})
    name: str | None


@dataclass(frozen=True)
class BackupWarning(Notice):
    kind = Change.BACKUP
    affects = frozenset({Aspect.DESK})
    warning: str


@dataclass(frozen=True)
class OfflineChanged(Notice):
    """The store was lost or found again: changes kept in the outbox (``pending``), and after a
    replay how many were ``sent`` and how many became ``conflicts``."""

    kind = Change.OFFLINE
    affects = frozenset({Aspect.DESK})
    offline: bool
    pending: int
    sent: int | None = None
    conflicts: int | None = None


Listener = Callable[[Notice], None]
