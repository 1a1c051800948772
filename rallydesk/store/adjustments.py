"""Adjustments (penalties, bonuses): added, revoked or edited, never deleted."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..domain.errors import RallyDeskError
from ..domain.model import Adjustment
from . import journal
from .core import StoreCore
from .event_data import ADJUSTMENT_COLUMNS

#: What an adjustment's edit may change.
EDITABLE = frozenset({"amount_ms", "kind", "applies_to", "reason", "article", "stage"})


class Adjustments(StoreCore):
    def adjustment(self, adjustment_id: int) -> Adjustment | None:
        r = self.db.execute(
            f"SELECT {ADJUSTMENT_COLUMNS} FROM adjustments WHERE id = $1", [adjustment_id]
        ).fetchone()
        return Adjustment(*r) if r else None

    def adjustment_records(self, include_revoked: bool = True) -> list[Adjustment]:
        """Every adjustment, revoked ones too unless asked otherwise (the penalties tab lists them)."""
        sql = (
            f"SELECT {', '.join(f.name for f in dataclasses.fields(Adjustment))} FROM adjustments"
            + ("" if include_revoked else " WHERE revoked_at IS NULL")
            + " ORDER BY id"
        )
        return [Adjustment(*r) for r in self.db.execute(sql)]

    def add_adjustment(
        self, a: Adjustment, reason_for_journal: str | None = None, change_id: str | None = None
    ) -> int:
        """Add one adjustment; its id (the first time's id for a change id already applied)."""
        self._check_writable()
        row: dict[str, Any] = {
            "stage": a.stage,
            "number": a.number,
            "amount_ms": a.amount_ms,
            "kind": a.kind,
            "applies_to": a.applies_to,
            "reason": a.reason,
            "article": a.article,
            "decided_by": a.decided_by or self.policy.official or self.identity.user,
            "decided_at": a.decided_at or journal.now_utc(),
            "decision": a.decision,
        }
        with self._write():
            if done := self.applied_change(change_id):
                return int(done["new"]["id"])
            self._guard("adjustment.add", a.stage, a.number, a.reason)
            new_id = int(self.db.insert("adjustments", row, returning="id"))
            row["id"] = new_id
            self._journal(
                "adjustment.add",
                f"adjustment {new_id} stage {a.stage} #{a.number}",
                None,
                row,
                reason_for_journal or a.reason,
                stage=a.stage,
                number=a.number,
                change_id=change_id,
            )
        return new_id

    def revoke_adjustment(
        self, adjustment_id: int, reason: str, change_id: str | None = None
    ) -> None:
        self._check_writable()
        with self._write():
            if self.applied_change(change_id):
                return
            old = self.db.one("SELECT * FROM adjustments WHERE id = $1", [adjustment_id])
            if old is None:
                raise RallyDeskError(f"adjustment {adjustment_id} does not exist")
            if old["revoked_at"]:
                raise RallyDeskError(
                    f"adjustment {adjustment_id} was already revoked on {old['revoked_at']}"
                )
            self._guard("adjustment.revoke", old["stage"], old["number"], reason)
            at = journal.now_utc()
            self.db.update(
                "adjustments", {"id": adjustment_id}, {"revoked_at": at, "revoked_reason": reason}
            )
            new = dict(old, revoked_at=at, revoked_reason=reason)
            self._journal(
                "adjustment.revoke",
                f"adjustment {adjustment_id} stage {old['stage']} #{old['number']}",
                old,
                new,
                reason,
                stage=old["stage"],
                number=old["number"],
                change_id=change_id,
            )

    def edit_adjustment(
        self,
        adjustment_id: int,
        changes: dict[str, Any],
        reason: str | None,
        change_id: str | None = None,
    ) -> None:
        self._check_writable()
        bad = set(changes) - EDITABLE
        if bad:
            raise RallyDeskError(f"cannot change {', '.join(sorted(bad))} of an adjustment")
        with self._write():
            if self.applied_change(change_id):
                return
            old = self.db.one("SELECT * FROM adjustments WHERE id = $1", [adjustment_id])
            if old is None:
                raise RallyDeskError(f"adjustment {adjustment_id} does not exist")
            self._guard(
                "adjustment.edit",
                min(old["stage"], changes.get("stage", old["stage"])),
                old["number"],
                reason,
            )
            if changes:
                self.db.update("adjustments", {"id": adjustment_id}, changes)
            new = dict(old, **changes)
            self._journal(
                "adjustment.edit",
                f"adjustment {adjustment_id} stage {new['stage']} #{new['number']}",
                old,
                new,
                reason,
                stage=new["stage"],
                number=new["number"],
                change_id=change_id,
            )
