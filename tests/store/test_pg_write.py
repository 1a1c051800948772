"""A keyed time on a server in one round trip (issue 25, store/pg_write.py): one statement per
``record_time``, the journal chain and ``verify`` as before, and the rules of the long way
(replacement, ``expected=``, a change id applied once) whenever the desk saw something else."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from rallydesk.domain.changes import Conflict, ReplacementRefused
from rallydesk.domain.model import StageTime
from rallydesk.services import Event, verify_event
from rallydesk.store import journal, pg_rules, pg_write

DAKAR = Path(__file__).resolve().parents[2] / "rallydesk" / "resources" / "demo" / "dakar2026-cars"
FILES = [DAKAR / f"{k}.csv" for k in ("groups", "stages", "entries")]


@contextmanager
def statements(ev: Event) -> Iterator[list[str]]:
    """The statements the desk sends while inside."""
    conn = ev.store.db.conn  # type: ignore[attr-defined]
    sent: list[str] = []
    real = conn.execute

    def counted(sql: str, *args: object, **kwargs: object) -> object:
        sent.append(sql)
        return real(sql, *args, **kwargs)

    conn.execute = counted
    try:
        yield sent
    finally:
        conn.execute = real


def test_a_keyed_time_is_one_statement_and_the_chain_holds(pg_url: str) -> None:
    with Event.create(pg_url, "One trip") as ev:
        ev.import_files(FILES)
        assert pg_write.WRITE_STEP in pg_rules.STEPS
        first, second = (e.number for e in ev.data.entries[:2])
        ev.record_time(1, first, elapsed="1:00:00")  # (asks once whether the function is there)
        with statements(ev) as sent:
            ev.record_time(1, second, elapsed="1:00:01")
            ev.record_time(1, second, elapsed="1:00:02", reason="typo")
            ev.record_time(1, second, elapsed="1:00:02", reason="typo")  # the same again
        assert [s.split("(")[0] for s in sent] == [
            f"SELECT outcome, journal_id FROM {pg_write.FUNCTION}"
        ] * 3
        assert ev.data.time_of(1, second) == StageTime(
            1, second, elapsed_ms=3_602_000, reason="typo"
        )
        assert ev.data_version == ev.store.state_digest()[0]  # its own writes: no reload
        assert journal.check_chain(ev.store.db) == []
        rows = ev.store.db.query(
            "SELECT action, old, new, reason, change_id FROM journal WHERE number = $1"
            " AND action LIKE 'time.%' ORDER BY id",
            [second],
        )
        assert [r["action"] for r in rows] == ["time.record", "time.replace", "time.replace"]
        assert all(r["change_id"] for r in rows)
    with Event.open(pg_url, readonly=True) as ev:
        assert ev.data.time_of(1, second) == StageTime(
            1, second, elapsed_ms=3_602_000, reason="typo"
        )
    assert verify_event(pg_url) == []


def test_what_another_desk_stored_is_decided_again_the_long_way(pg_url: str) -> None:
    with Event.create(pg_url, "Two desks") as a:
        a.import_files(FILES)
        number = a.data.entries[0].number
        with Event.open(pg_url) as b:
            b.record_time(1, number, elapsed="2:00:00")  # a has not seen it yet
            with pytest.raises(ReplacementRefused):
                a.record_time(1, number, elapsed="2:00:05")  # no reason: refused, as before
            with pytest.raises(Conflict):
                a.record_time(1, number, elapsed="2:00:05", expected=None)
            a.poll_external()
            b.record_time(1, number, elapsed="2:00:01", reason="photo")  # stale again for a
            a.record_time(1, number, elapsed="2:00:09", reason="timing strip")
            assert a.data.time_of(1, number) == StageTime(
                1, number, elapsed_ms=7_209_000, reason="timing strip"
            )
    with Event.open(pg_url, readonly=True) as ev:
        assert ev.data.time_of(1, number) == StageTime(
            1, number, elapsed_ms=7_209_000, reason="timing strip"
        )
        assert journal.check_chain(ev.store.db) == []


def test_a_change_id_already_applied_is_not_applied_again(pg_url: str) -> None:
    with Event.create(pg_url, "Replayed") as ev:
        ev.import_files(FILES)
        number = ev.data.entries[0].number
        ev.record_time(1, number, elapsed="1:00:00", change_id="c-1")
        head = ev.store.state_digest()[0]
        t = StageTime(1, number, elapsed_ms=3_600_000)
        assert ev.store.put_time(t, change_id="c-1", seen=None) is None  # the row it replaced
        assert ev.store.state_digest()[0] == head


def test_desks_writing_at_once_make_one_chain(pg_url: str) -> None:
    with Event.create(pg_url, "At once") as ev:
        ev.import_files(FILES)
        numbers = [e.number for e in ev.data.entries][:20]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def desk(stage: int) -> None:
        try:
            with Event.open(pg_url) as mine:
                barrier.wait()
                for i in range(40):
                    mine.record_time(stage, numbers[i % 20], elapsed=3_600_000 + i, reason="again")
        except BaseException as exc:  # the main thread fails the test
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(s,)) for s in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Event.open(pg_url, readonly=True) as ev:
        assert len(ev.data.times) == 40
        assert journal.check_chain(ev.store.db) == []
    assert verify_event(pg_url) == []
