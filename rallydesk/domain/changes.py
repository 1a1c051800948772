"""Change ids and conflicts: what lets a desk key offline and replay later without duplicates or
silent overwrites (docs/file-format.md, "Change ids and offline desks")."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from .errors import RallyDeskError
from .model import StageTime


class _NotGiven(Enum):
    """The type of :data:`NOT_GIVEN` (an enum member: one value, typed, never confused with None)."""

    NOT_GIVEN = "not given"


#: ``expected`` not given: no optimistic check; a stored, different result is then replaced only
#: with a reason (:func:`check_replacement`).
#: (``None`` means something else: "the desk saw no result there".)
NOT_GIVEN = _NotGiven.NOT_GIVEN
Expected = StageTime | None | _NotGiven


def new_change_id() -> str:
    """A change id: random, so two desks offline at once never make the same one."""
    return uuid.uuid4().hex


def time_from_row(row: dict[str, Any] | None) -> StageTime | None:
    """A stored ``stage_times`` row (or its journal copy) as the domain value a desk compares."""
    if row is None:
        return None
    return StageTime(
        row["stage"],
        row["number"],
        row.get("status") or "OK",
        row.get("elapsed_ms"),
        row.get("start_ms"),
        row.get("finish_ms"),
        row.get("nominal_ms"),
        row.get("reason"),
    )


@dataclass(eq=False)  # an exception compares and hashes by identity
class Conflict(RallyDeskError):
    """The stored result is not the one the desk saw when it keyed: another desk changed it.

    Raised instead of replacing silently; carries both values and who wrote the stored one, so the
    desk can ask (replace, with a reason) or the results manager can settle it.
    """

    stage: int
    number: int
    expected: StageTime | None
    stored: StageTime | None
    wanted: StageTime | None
    stored_by: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message())

    def message(self) -> str:
        who = self.stored_by.get("official") or self.stored_by.get("user") or "another desk"
        desk = self.stored_by.get("desk")
        by = f"{who} at {desk}" if desk else who
        return (
            f"stage {self.stage} #{self.number} was changed meanwhile: {describe(self.stored)}"
            f" (by {by}) where this desk saw {describe(self.expected)}; nothing was replaced"
        )

    def __str__(self) -> str:
        return self.message()


def describe(t: StageTime | None) -> str:
    """A result in plain words for messages (the desk formats times in the event's style)."""
    if t is None:
        return "no result"
    if t.status == "OK" and t.elapsed_ms is not None:
        from .times import format_duration

        return format_duration(t.elapsed_ms, "plain", 1)
    return t.status + (f" ({t.reason})" if t.reason else "")


class ReplacementRefused(RallyDeskError):
    """A result already stored would be replaced by a different one with neither a reason nor
    the result the caller saw (``expected``): refused, nothing changed (README: a result is never
    silently overwritten; the desk asks for a reason, the API and the store ask the same)."""

    def __init__(self, stored: StageTime, wanted: StageTime | None) -> None:
        self.stored = stored
        self.wanted = wanted
        what = "deleting it" if wanted is None else f"replacing it with {describe(wanted)}"
        super().__init__(
            f"stage {stored.stage} #{stored.number} already has a result ({describe(stored)});"
            f" {what} needs a reason (reason=...) or the result you saw (expected=...):"
            " nothing was changed"
        )


def check_replacement(
    stored: StageTime | None,
    wanted: StageTime | None,
    reason: str | None,
    expected: Expected,
) -> None:
    """The one rule of replacing a result: writing over a stored, different result (the same
    result again, its reason aside, is a re-key, not a replacement) needs a reason or the
    ``expected`` value (then the optimistic check decides); else :class:`ReplacementRefused`."""
    if stored is None or expected is not NOT_GIVEN or (reason or "").strip():
        return
    if wanted is not None and replace(stored, reason=None) == replace(wanted, reason=None):
        return
    raise ReplacementRefused(stored, wanted)
