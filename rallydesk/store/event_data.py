"""The event's set-up as one snapshot (``load``), and its writes: settings, stages, classes and
cups, entries with their crews."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import collector
from ..domain.model import (
    Adjustment,
    CrewMember,
    Entry,
    EventData,
    Group,
    NominalRule,
    Settings,
    Stage,
    StageTime,
)
from ..domain.waypoints import RaidData
from .core import StoreCore
from .errors import StoreError
from .rows import entry_json, missed_pairs, settings_json, stage_row

ADJUSTMENT_COLUMNS = (
    "id, stage, number, amount_ms, kind, applies_to, reason, article, decided_by, decided_at,"
    " decision"
)


class EventSetup(StoreCore):
    def load_raid(self) -> RaidData:  # (``raid.Raid`` reads them: the snapshot's §8 part)
        return RaidData()

    def load(self) -> EventData:
        """Everything the classification needs, read in one snapshot (other desks write
        meanwhile on a server). Made with the collector paused: its passes over the objects
        being made were 40–50 % of loading a 10,000 × 30 event (0.74–0.94 → 0.44 s)."""
        with collector.paused(), self.db.snapshot():
            data = self._load()
            if self.location.on_server:  # the head it holds, read in the same snapshot
                self.loaded_head = self.db.data_version()
            return data

    def _load(self) -> EventData:
        db = self.db
        ev = db.execute(
            "SELECT name, tie_break, time_style, language, starts_on, ends_on, timezone, document_prefix,"
            " protest_minutes, missed_penalties FROM event WHERE id = 1"
        ).fetchone()
        if ev is None:
            raise StoreError(f"{self._shown()}: the event row is missing")
        settings = replace(Settings(*ev[:9]), missed_penalties=missed_pairs(ev[9]))
        stages = tuple(
            Stage(
                number=r[0],
                name=r[1],
                date=r[2],
                kind=r[3],
                special_km=r[4],
                liaison_km=r[5],
                counts=bool(r[6]),
                precision_ms=r[7],
                cancelled_for=frozenset(c for c in (r[8] or "").split(";") if c),
                nominal=NominalRule(r[9], r[10]),
                max_time_ms=r[11],
                fixed_penalty_ms=r[12] or 0,
            )
            for r in db.execute(
                "SELECT number, name, date, kind, special_km, liaison_km, counts, precision_ms,"
                " cancelled_for, nominal_rule, nominal_ms, max_time_ms, fixed_penalty_ms"
                " FROM stages ORDER BY number"
            )
        )
        groups = tuple(
            Group(*r)
            for r in db.execute("SELECT code, name, kind, parent FROM groups ORDER BY rowid")
        )
        crews: dict[int, list[CrewMember]] = {}
        for number, role, name, nat in db.execute(
            "SELECT number, role, name, nationality FROM crew ORDER BY number, seat"
        ):
            crews.setdefault(number, []).append(CrewMember(role, name, nat))
        cups: dict[int, set[str]] = {}
        for cup, number in db.execute("SELECT cup, number FROM cup_members"):
            cups.setdefault(number, set()).add(cup)
        entries = tuple(
            Entry(n, cls_, tuple(crews.get(n, ())), team, vehicle, frozenset(cups.get(n, ())))
            for n, cls_, team, vehicle in db.execute(
                "SELECT number, class, team, vehicle FROM entries ORDER BY number"
            )
        )
        times = tuple(
            StageTime(*r)
            for r in db.execute(
                "SELECT stage, number, status, elapsed_ms, start_ms, finish_ms, nominal_ms, reason"
                " FROM stage_times ORDER BY stage, number"
            )
        )
        adjustments = tuple(
            Adjustment(*r)
            for r in db.execute(
                f"SELECT {ADJUSTMENT_COLUMNS} FROM adjustments WHERE revoked_at IS NULL ORDER BY id"
            )
        )
        return EventData(settings, stages, groups, entries, times, adjustments, self.load_raid())

    def update_settings(
        self, settings: Settings, reason: str | None = None, guard_as: str = "event.settings"
    ) -> None:
        """``guard_as`` names the change for the guard ("event.publication": only the document
        prefix or the protest window, which change no classification); the journal says event.settings."""
        self._check_writable()
        with self._write():
            self._guard(guard_as, None, None, reason)
            old = self.load().settings
            new = settings_json(settings)
            self.db.update("event", {"id": 1}, new)
            self._journal("event.settings", "event", settings_json(old), new, reason)

    def put_stage(self, stage: Stage, reason: str | None = None) -> None:
        self._check_writable()
        row = stage_row(stage)
        with self._write():
            self._guard("stage.put", stage.number, None, reason)
            old = self.db.one("SELECT * FROM stages WHERE number = $1", [stage.number])
            self.db.upsert("stages", row, ("number",))
            self._journal(
                "stage.put", f"stage {stage.number}", old, row, reason, stage=stage.number
            )

    def put_group(self, group: Group, reason: str | None = None) -> None:
        self._check_writable()
        row = {"code": group.code, "name": group.name, "kind": group.kind, "parent": group.parent}
        with self._write():
            self._guard("group.put", None, None, reason)
            old = self.db.one(
                "SELECT code, name, kind, parent FROM groups WHERE code = $1", [group.code]
            )
            self.db.upsert("groups", row, ("code",))
            self._journal("group.put", f"group {group.code}", old, row, reason)

    def put_entry(self, entry: Entry, reason: str | None = None) -> None:
        self._check_writable()
        new = entry_json(entry)
        db = self.db
        with self._write():
            self._guard("entry.put", None, entry.number, reason)
            old = self._entry_json(entry.number)
            db.upsert(
                "entries",
                {
                    "number": entry.number,
                    "class": entry.class_code,
                    "team": entry.team,
                    "vehicle": entry.vehicle,
                },
                ("number",),
            )
            db.execute("DELETE FROM crew WHERE number = $1", [entry.number])
            for seat, m in enumerate(entry.crew, start=1):
                db.execute(
                    "INSERT INTO crew (number, seat, role, name, nationality)"
                    " VALUES ($1, $2, $3, $4, $5)",
                    [entry.number, seat, m.role, m.name, m.nationality],
                )
            db.execute("DELETE FROM cup_members WHERE number = $1", [entry.number])
            for cup in sorted(entry.cups):
                db.execute(
                    "INSERT INTO cup_members (cup, number) VALUES ($1, $2)", [cup, entry.number]
                )
            self._journal("entry.put", f"#{entry.number}", old, new, reason, number=entry.number)

    def _entry_json(self, number: int) -> dict[str, Any] | None:
        row = self.db.one("SELECT * FROM entries WHERE number = $1", [number])
        if row is None:
            return None
        row["crew"] = [
            {"role": r[0], "name": r[1], "nationality": r[2]}
            for r in self.db.execute(
                "SELECT role, name, nationality FROM crew WHERE number = $1 ORDER BY seat", [number]
            )
        ]
        row["cups"] = sorted(
            r[0] for r in self.db.execute("SELECT cup FROM cup_members WHERE number = $1", [number])
        )
        return row
