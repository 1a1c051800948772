"""What the use-cases return: frozen dataclasses, read by attribute in new code.

The Python API is a contract scripts rely on (``event.publish(...)["version"]``), and the CLI and
the desk were written against dicts: every result is also a read-only mapping of its fields
(``r["version"]``, ``r.get("official")``, ``dict(r)``, ``r == {...}``), so they keep working.
``to_json()`` is the plain JSON value (nested results included) the CLI prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Self

from ..domain.model import StageTime


class Result(Mapping[str, Any]):
    """The shared base: a frozen dataclass that answers like the dict it replaces."""

    def __getitem__(self, key: str) -> Any:
        if key not in self._names():
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def __hash__(self) -> int:  # equal to the mapping it is, hashed as its items are
        return hash(tuple(self.items()))

    @classmethod
    def _names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]

    @classmethod
    def from_row(cls, row: Mapping[str, Any], **more: Any) -> Self:
        """From a store row: its columns that are fields (a column the store adds is not lost
        silently: it stays out of the result until it is a field), then ``more``."""
        values = {n: row.get(n) for n in cls._names() if n in row}
        values.update(more)
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return {name: _json(self[name]) for name in self._names()}


def _json(value: Any) -> Any:
    if isinstance(value, Result):
        return value.to_json()
    if isinstance(value, StageTime):
        return dataclasses.asdict(value)
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


# eq=False throughout: a result compares as the mapping it is, so ``r == {...}`` still holds.


@dataclass(frozen=True, eq=False)
class Publication(Result):
    """One published version of a unit (stage × category), as ``publish``/``amend`` return it."""

    id: int
    stage: int
    category: str
    version: int
    status: str
    published_at: str
    official: str | None
    document_no: str
    digest: str
    journal_id: int
    journal_hash: str
    reason: str | None
    protest_until: str | None


@dataclass(frozen=True, eq=False)
class UnitState(Result):
    """A publication unit on the desk: live, provisional, official or amended."""

    stage: int
    category: str
    state: str
    version: int | None
    outdated: bool
    protest_until: str | None
    published_at: str | None
    official: str | None = None
    document_no: str | None = None
    #: Why the unit's stored document cannot be used (changed behind RallyDesk's back), or None.
    problem: str | None = None


@dataclass(frozen=True, eq=False)
class JournalRow(Result):
    """One row of the event's journal (old and new as the JSON text the journal keeps)."""

    id: int
    at: str
    action: str
    target: str
    user: str | None = None
    desk: str | None = None
    old: Any = None
    new: Any = None
    reason: str | None = None
    #: schema 5 on (None in older files): the stage, race number and official of the change
    stage: int | None = None
    number: int | None = None
    official: str | None = None
    #: schema 7 on: the id of the desk's change that wrote the row
    change_id: str | None = None


@dataclass(frozen=True, eq=False)
class KeyedRow(Result):
    """A result keyed lately, from the journal (``new`` read back from its JSON)."""

    id: int
    at: str
    user: str | None
    action: str
    target: str
    old: Any
    new: Any
    reason: str | None


@dataclass(frozen=True, eq=False)
class StartListRow(Result):
    number: int
    start_ms: int
    start: str
    crew: str
    class_: str
    team: str
    vehicle: str

    @classmethod
    def _names(cls) -> tuple[str, ...]:
        return ("number", "start_ms", "start", "crew", "class", "team", "vehicle")

    def __getitem__(self, key: str) -> Any:
        return self.class_ if key == "class" else super().__getitem__(key)


@dataclass(frozen=True, eq=False)
class Mismatch(Result):
    """A result the two keyings disagree on, or keyed once only (``kind`` says which)."""

    number: int
    first: str
    second: str
    first_by: str
    second_by: str
    kind: str


@dataclass(frozen=True, eq=False)
class CardStage(Result):
    """One stage of a crew card."""

    stage: int
    name: str
    status: str
    reason: str
    time: str
    position: int | None
    penalty: str
    overall_position: int | None
    overall_time: str


@dataclass(frozen=True, eq=False)
class CrewCard(Result):
    """One crew over the event, for the desk's crew card."""

    number: int
    crew: str
    class_: str
    team: str
    vehicle: str
    category: str
    stages: list[CardStage]
    adjustments: list[str]
    journal: list[JournalRow]

    @classmethod
    def _names(cls) -> tuple[str, ...]:
        return (
            "number",
            "crew",
            "class",
            "team",
            "vehicle",
            "category",
            "stages",
            "adjustments",
            "journal",
        )

    def __getitem__(self, key: str) -> Any:
        return self.class_ if key == "class" else super().__getitem__(key)


@dataclass(frozen=True, eq=False)
class ReplayCount(Result):
    """What a replay of the outbox did."""

    sent: int
    conflicts: int
    pending: int
