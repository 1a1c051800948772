"""Waypoints, passages and interruptions (RULES §8): read into the snapshot, written with their
journal rows (actions ``waypoint.put``, ``waypoint.remove``, ``passage.set``,
``interruption.add``, ``interruption.undo``), each guarded like any other change of a stage."""

from __future__ import annotations

from typing import Any

from ..domain.waypoints import Interruption, Passage, RaidData, Waypoint
from . import journal
from .core import StoreCore

INTERRUPTION_COLUMNS = (
    "stage, category, rule, decision, reason, at_waypoint, stopped_at_ms, segment_from,"
    " segment_to, neutral_ms, decided_at, decided_by"
)


class Raid(StoreCore):
    def load_raid(self) -> RaidData:
        db = self.db
        wps = tuple(
            Waypoint(*r)
            for r in db.execute(
                "SELECT stage, number, km, kind FROM waypoints ORDER BY stage, number"
            )
        )
        passages = tuple(
            Passage(*r)
            for r in db.execute(
                "SELECT stage, number, waypoint, time_ms FROM passages"
                " ORDER BY stage, number, waypoint"
            )
        )
        names = [c.strip() for c in INTERRUPTION_COLUMNS.split(",")]
        cuts = tuple(
            Interruption.from_row(dict(zip(names, r, strict=True)))
            for r in db.execute(
                f"SELECT {INTERRUPTION_COLUMNS} FROM interruptions ORDER BY stage, category"
            )
        )
        starts: tuple[tuple[int, int, int], ...] = ()
        if wps or cuts:  # start lists matter to an interrupted stage only
            starts = tuple(
                (int(s), int(n), int(ms))
                for s, n, ms in db.execute("SELECT stage, number, start_ms FROM start_times")
            )
        return RaidData(wps, passages, cuts, starts)

    def put_waypoints(self, stage: int, wps: list[Waypoint], reason: str | None = None) -> None:
        """Replace the waypoints of a stage, all or none, one journal row per waypoint changed."""
        self._check_writable()
        with self._write():
            old = {
                int(r[0]): {"stage": stage, "number": int(r[0]), "km": r[1], "kind": r[2]}
                for r in self.db.execute(
                    "SELECT number, km, kind FROM waypoints WHERE stage = $1", [stage]
                )
            }
            new = {
                w.number: {"stage": stage, "number": w.number, "km": w.km, "kind": w.kind}
                for w in wps
            }
            for n in sorted(old.keys() - new.keys()):
                self._guard("waypoint.remove", stage, None, reason)
                self.db.execute(
                    "DELETE FROM waypoints WHERE stage = $1 AND number = $2", [stage, n]
                )
                self._journal(
                    "waypoint.remove", f"stage {stage} WP{n}", old[n], None, reason, stage=stage
                )
            for n, row in sorted(new.items()):
                if old.get(n) == row:
                    continue
                self._guard("waypoint.put", stage, None, reason)
                self.db.upsert("waypoints", row, ("stage", "number"))
                self._journal(
                    "waypoint.put", f"stage {stage} WP{n}", old.get(n), row, reason, stage=stage
                )

    def put_passages(self, passages: list[Passage], reason: str | None = None) -> None:
        """Passages (a time of day at a waypoint), all or none, each with its journal row."""
        self._check_writable()
        at, by = journal.now_utc(), self.identity.user
        with self._write():
            for p in passages:
                key = [p.stage, p.number, p.waypoint]
                old = self.db.one(
                    "SELECT stage, number, waypoint, time_ms FROM passages"
                    " WHERE stage = $1 AND number = $2 AND waypoint = $3",
                    key,
                )
                row: dict[str, Any] = {
                    "stage": p.stage,
                    "number": p.number,
                    "waypoint": p.waypoint,
                    "time_ms": p.time_ms,
                }
                if old == row:
                    continue
                self._guard("passage.set", p.stage, p.number, reason)
                self.db.upsert(
                    "passages",
                    dict(row, updated_at=at, updated_by=by),
                    ("stage", "number", "waypoint"),
                )
                self._journal(
                    "passage.set",
                    f"passage stage {p.stage} #{p.number} WP{p.waypoint}",
                    old,
                    row,
                    reason,
                    stage=p.stage,
                    number=p.number,
                )

    def put_interruptions(self, cuts: list[Interruption], reason: str | None = None) -> None:
        """Stewards' interruptions, one per stage and category, each with its journal row."""
        self._check_writable()
        with self._write():
            for cut in cuts:
                self._guard("interruption.add", cut.stage, None, reason)
                row = cut.as_row()
                self.db.insert("interruptions", row)
                self._journal(
                    "interruption.add",
                    f"interruption stage {cut.stage} {cut.category}",
                    None,
                    row,
                    reason,
                    stage=cut.stage,
                )

    def remove_interruptions(self, stage: int, categories: list[str], reason: str) -> None:
        self._check_writable()
        names = [c.strip() for c in INTERRUPTION_COLUMNS.split(",")]
        with self._write():
            for cat in categories:
                self._guard("interruption.undo", stage, None, reason)
                r = self.db.execute(
                    f"SELECT {INTERRUPTION_COLUMNS} FROM interruptions"
                    " WHERE stage = $1 AND category = $2",
                    [stage, cat],
                ).fetchone()
                if r is None:
                    continue
                self.db.execute(
                    "DELETE FROM interruptions WHERE stage = $1 AND category = $2", [stage, cat]
                )
                self._journal(
                    "interruption.undo",
                    f"interruption stage {stage} {cat}",
                    dict(zip(names, r, strict=True)),
                    None,
                    reason,
                    stage=stage,
                )
