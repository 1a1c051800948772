"""Results: stage times (keyed, replaced, deleted, compared with what the desk saw), start
lists, blind second keyings, and who keyed what."""

from __future__ import annotations

from typing import Any

from ..domain.changes import NOT_GIVEN, Conflict, Expected, check_replacement, time_from_row
from ..domain.errors import RallyDeskError
from ..domain.model import StageTime
from . import journal
from .core import StoreCore
from .rows import same_result, strip, time_row

#: The journal actions that change one stage result and nothing else (its stage and number are in
#: the row): another desk's catch-up re-reads just those results (``time_changes_since``).
TIME_ACTIONS = frozenset({"time.record", "time.replace", "time.delete"})
#: Beyond this many journal rows to catch up on, reading them one by one costs more than a load.
CATCH_UP_ROWS = 200

_TIME_COLUMNS = "stage, number, status, elapsed_ms, start_ms, finish_ms, nominal_ms, reason"


class Results(StoreCore):
    def put_time(
        self,
        t: StageTime,
        reason: str | None = None,
        user: str | None = None,
        change_id: str | None = None,
        expected: Expected = NOT_GIVEN,
        seen: Expected = NOT_GIVEN,
        fresh: bool = False,
    ) -> dict[str, Any] | None:
        """Record (or replace) one entry's result on one stage; returns the replaced row.

        ``expected`` is the result the desk saw (None: none); when given and the stored one differs,
        :class:`Conflict` is raised and nothing changes. A ``change_id`` already applied is not
        applied again: the row it replaced the first time is returned. ``seen``: the result the
        desk's snapshot holds (None: none); given, a server writes it in one round trip when it is
        still the stored one (``_put_time_once``). ``fresh``: the ``change_id`` was made for this
        very write (never kept nor sent before), so it cannot have been applied: not looked up."""
        self._check_writable()
        row = time_row(t)
        row["updated_at"] = journal.now_utc()
        row["updated_by"] = user or self.identity.user
        if seen is not NOT_GIVEN and not self.in_transaction():
            once, old_seen = self._put_time_once(
                t, row, reason, user, change_id, expected, seen, fresh
            )
            if once:
                return old_seen
        with self._write():
            if not fresh and (done := self.applied_change(change_id)):
                old_done: dict[str, Any] | None = done["old"]
                return old_done
            self._guard("time.record", t.stage, t.number, reason)
            old = self.db.one(
                "SELECT * FROM stage_times WHERE stage = $1 AND number = $2", [t.stage, t.number]
            )
            self._check_expected(old, expected, t)
            check_replacement(time_from_row(strip(old)), t, reason, expected)
            self.db.upsert("stage_times", row, ("stage", "number"))
            self._journal(
                "time.replace" if old else "time.record",
                f"stage {t.stage} #{t.number}",
                strip(old),
                strip(row),
                reason,
                user,
                stage=t.stage,
                number=t.number,
                change_id=change_id,
            )
        return old

    def _put_time_once(
        self,
        t: StageTime,
        row: dict[str, Any],
        reason: str | None,
        user: str | None,
        change_id: str | None,
        expected: Expected,
        seen: StageTime | None,
        fresh: bool = False,
    ) -> tuple[bool, dict[str, Any] | None]:
        """The write of ``put_time`` in one round trip, checked against ``seen`` (the server's
        function writes only if it is still stored): (True, the replaced row) when done; False
        when the backend has no such write, or the checks refuse on ``seen`` or the server found
        another result stored (the long way then reads it and decides again)."""
        put_once = getattr(self.db, "put_time_once", None)
        if put_once is None:
            return False, None
        self._guard("time.record", t.stage, t.number, reason)
        old = None if seen is None else time_row(seen)
        try:
            self._check_expected(old, expected, t)
            check_replacement(seen, t, reason, expected)
        except RallyDeskError:  # (a Conflict too) decided again on what is stored
            return False, None
        journal_row = journal.new_row(
            self.identity,
            "time.replace" if old else "time.record",
            f"stage {t.stage} #{t.number}",
            old,
            strip(row),
            reason,
            user,
            stage=t.stage,
            number=t.number,
            official=self.policy.official,
            change_id=change_id,
            at=row["updated_at"],
        )
        self.last_journal_id = None
        with self._refusals():
            answer = put_once(old, row, journal_row, fresh)
        if answer is None or answer[0] != "done":
            return False, None
        self.last_journal_id = answer[1]
        return True, old

    def delete_time(
        self,
        stage: int,
        number: int,
        reason: str | None = None,
        change_id: str | None = None,
        expected: Expected = NOT_GIVEN,
    ) -> dict[str, Any] | None:
        """Delete one result; returns the deleted row. ``expected`` and ``change_id`` as for
        :meth:`put_time` (nothing to delete is no conflict: the desk wanted no result)."""
        self._check_writable()
        with self._write():
            if done := self.applied_change(change_id):
                old_done: dict[str, Any] | None = done["old"]
                return old_done
            old = self.db.one(
                "SELECT * FROM stage_times WHERE stage = $1 AND number = $2", [stage, number]
            )
            if old is None:
                return None
            self._check_expected(old, expected, None)
            check_replacement(time_from_row(strip(old)), None, reason, expected)
            self._guard("time.delete", stage, number, reason)
            self.db.execute(
                "DELETE FROM stage_times WHERE stage = $1 AND number = $2", [stage, number]
            )
            self._journal(
                "time.delete",
                f"stage {stage} #{number}",
                strip(old),
                None,
                reason,
                stage=stage,
                number=number,
                change_id=change_id,
            )
        return old

    def last_writer(self, stage: int, number: int) -> dict[str, Any]:
        """Who wrote the stored result of (stage, number): desk, official, user and when.
        (``"user"`` quoted: unquoted, PostgreSQL reads it as ``current_user``.)"""
        row = self.db.one(
            'SELECT desk, official, "user", at FROM journal WHERE stage = $1 AND number = $2'
            " AND action LIKE 'time.%' ORDER BY id DESC LIMIT 1",
            [stage, number],
        )
        return row or {}

    def _check_expected(
        self, old: dict[str, Any] | None, expected: Expected, wanted: StageTime | None
    ) -> None:
        """Inside the write: refuse (Conflict) when the stored result is not the one the desk saw,
        unless it already is what the desk wants (two desks keyed the same thing: no conflict)."""
        if expected is NOT_GIVEN:
            return
        stored = time_from_row(strip(old))
        if stored == expected or same_result(stored, wanted):
            return
        key = stored or expected or wanted
        assert isinstance(key, StageTime)
        raise Conflict(
            key.stage,
            key.number,
            expected,
            stored,
            wanted,
            self.last_writer(key.stage, key.number) if stored is not None else {},
        )

    def put_starts(self, starts: list[tuple[int, int, int]], reason: str | None = None) -> None:
        """Start times (stage, number, ms since midnight), all or none, each with its journal row."""
        self._check_writable()
        at, by = journal.now_utc(), self.identity.user
        with self._write():
            for stage, number, start_ms in starts:
                self._guard("start.set", stage, number, reason)
                old = self.db.one(
                    "SELECT * FROM start_times WHERE stage = $1 AND number = $2", [stage, number]
                )
                row = {
                    "stage": stage,
                    "number": number,
                    "start_ms": start_ms,
                    "updated_at": at,
                    "updated_by": by,
                }
                self.db.upsert("start_times", row, ("stage", "number"))
                self._journal(
                    "start.set",
                    f"start stage {stage} #{number}",
                    strip(old),
                    strip(row),
                    reason,
                    stage=stage,
                    number=number,
                )

    def starts(self) -> dict[tuple[int, int], int]:
        return {
            (s, n): ms
            for s, n, ms in self.db.execute("SELECT stage, number, start_ms FROM start_times")
        }

    def put_second(
        self,
        t: StageTime,
        keyed_by: str,
        action: str = "second.record",
        reason: str | None = None,
        change_id: str | None = None,
    ) -> None:
        """The blind second keying of one result (double keying), journalled like the first."""
        self._check_writable()
        row = {
            "stage": t.stage,
            "number": t.number,
            "status": t.status,
            "elapsed_ms": t.elapsed_ms,
            "start_ms": t.start_ms,
            "finish_ms": t.finish_ms,
            "reason": t.reason,
            "keyed_by": keyed_by,
            "updated_at": journal.now_utc(),
        }
        with self._write():
            if self.applied_change(change_id):
                return
            self._guard(action, t.stage, t.number, reason)
            old = self.db.one(
                "SELECT * FROM second_keyings WHERE stage = $1 AND number = $2",
                [t.stage, t.number],
            )
            self.db.upsert("second_keyings", row, ("stage", "number"))
            if action == "second.record" and old:
                action = "second.replace"
            self._journal(
                action,
                f"second stage {t.stage} #{t.number}",
                strip(old),
                strip(row),
                reason,
                stage=t.stage,
                number=t.number,
                change_id=change_id,
            )

    def seconds(self, stage: int) -> list[dict[str, Any]]:
        return self.db.query(
            "SELECT * FROM second_keyings WHERE stage = $1 ORDER BY number", [stage]
        )

    def keyed_by(self, stage: int) -> dict[int, str]:
        """Who keyed each result of the stage: the official named in its latest journal row, else
        the computer's user who wrote it (an event without officials)."""
        return {
            n: by
            for n, by in self.db.execute(
                "SELECT t.number, COALESCE((SELECT j.official FROM journal j WHERE j.stage = t.stage"
                " AND j.number = t.number AND j.action LIKE 'time.%' ORDER BY j.id DESC LIMIT 1),"
                " t.updated_by) FROM stage_times t WHERE t.stage = $1",
                [stage],
            )
        }

    def time_changes_since(
        self, after_id: int
    ) -> tuple[int, list[tuple[int, int, StageTime | None]] | None]:
        """What another desk changed since journal row ``after_id``, read in one snapshot: (the
        journal head, the current result of every (stage, number) whose time was recorded,
        replaced or deleted since, None where there is none now). When anything but results
        changed since (a stage, an entry, a penalty…), the list is None: reload everything."""
        with self.db.snapshot():
            head = self.state_digest()[0]
            if head <= after_id:  # nothing new; a shorter journal is another event: reload
                return head, [] if head == after_id else None
            if head - after_id > CATCH_UP_ROWS:  # an import, a long time away: one load is cheaper
                return head, None
            keys: dict[tuple[int, int], None] = {}
            for action, stage, number in self.db.execute(
                "SELECT action, stage, number FROM journal WHERE id > $1 AND id <= $2 ORDER BY id",
                [after_id, head],
            ):
                if action not in TIME_ACTIONS or stage is None or number is None:
                    return head, None
                keys[(stage, number)] = None
            changed: list[tuple[int, int, StageTime | None]] = []
            for stage, number in keys:
                r = self.db.execute(
                    f"SELECT {_TIME_COLUMNS} FROM stage_times WHERE stage = $1 AND number = $2",
                    [stage, number],
                ).fetchone()
                changed.append((stage, number, StageTime(*r) if r else None))
            return head, changed

    def recent_times(self, limit: int = 50) -> list[dict[str, Any]]:
        """The latest journal rows of keyed results, newest first."""
        return self.db.query(
            'SELECT id, at, "user", action, target, old, new, reason FROM journal'
            " WHERE action LIKE 'time.%' ORDER BY id DESC LIMIT $1",
            [limit],
        )

    def last_timed_stage(self) -> int | None:
        """The stage of the latest keyed result: where the desk left off."""
        row = self.db.execute(
            "SELECT stage, target FROM journal WHERE action LIKE 'time.%' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        if row[0] is not None:  # schema 5 keeps the stage as a column
            return int(row[0])
        parts = str(row[1]).split()  # older rows: read it back out of the target
        return (
            int(parts[1])
            if len(parts) >= 2 and parts[0] == "stage" and parts[1].isdigit()
            else None
        )
