"""A desk that loses its store keeps keying into its outbox, and replays it without duplicates or
silent overwrites (change ids, the value the desk saw, conflicts for the results manager)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from offline_store import CuttableStore

from rallydesk.domain.changes import Conflict
from rallydesk.domain.model import CrewMember, Entry, Group, Stage, StageTime
from rallydesk.services import Event, SessionPolicy
from rallydesk.services.notices import OfflineChanged
from rallydesk.services.results import ReplayCount
from rallydesk.store.eventstore import EventStore, StoreUnavailable
from rallydesk.store.verify import verify

NUMBERS = range(101, 151)  # 50 crews x 2 stages = 100 results


def make_event(path: Path) -> None:
    with Event.create(path, "Offline test") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_group(Group("T2", "Stock", "class", "CAR"))
        ev.put_stage(Stage(1, "Loop", special_km=300))
        ev.put_stage(Stage(2, "Dunes", special_km=400))
        for n in NUMBERS:
            ev.put_entry(Entry(n, "T1" if n % 2 else "T2", (CrewMember("driver", f"D{n}", "FRA"),)))
        ev.set_backup_folder(None)


def keyings() -> list[tuple[int, int, int]]:
    """The 100 results, (stage, number, elapsed ms), distinct times (no ties to blur a compare)."""
    return [
        (stage, n, 3 * 3_600_000 + stage * 7_000 + (n * 37 % 50) * 1_000 + n)
        for stage in (1, 2)
        for n in NUMBERS
    ]


def open_cuttable(path: Path, delay: float = 0.0) -> tuple[Event, CuttableStore]:
    policy = SessionPolicy()
    store = CuttableStore(EventStore.open(path, policy=policy), delay)
    return Event.over(store, policy), store  # type: ignore[arg-type]


def time_rows(path: Path) -> dict[tuple[int, int], int]:
    conn = sqlite3.connect(path)
    try:
        return {
            (s, n): ms
            for s, n, ms in conn.execute("SELECT stage, number, elapsed_ms FROM stage_times")
        }
    finally:
        conn.close()


def count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def standings(ev: Event) -> list:
    return [ev.standings(stage, overall) for stage in (1, 2) for overall in (False, True)]


def test_cut_store_keeps_100_keyings_and_sends_each_once(tmp_path):
    online, offline = tmp_path / "online.rallydesk", tmp_path / "offline.rallydesk"
    make_event(online)
    make_event(offline)
    with Event.open(online) as ev:
        for stage, n, ms in keyings():
            ev.record_time(stage, n, elapsed=ms)
        reference = standings(ev)

    ev, store = open_cuttable(offline)
    notices: list[OfflineChanged] = []
    ev.subscribe(lambda n: notices.append(n) if isinstance(n, OfflineChanged) else None)
    assert ev.data.entries  # the desk has shown the event before the server goes
    store.cut = store.cut_reads = True  # the server is gone, for reads too
    for stage, n, ms in keyings():
        ev.record_time(stage, n, elapsed=ms)
    assert ev.pending_changes() == 100 and ev.offline
    assert notices[-1] == OfflineChanged(offline=True, pending=100)
    assert time_rows(offline) == {}  # nothing reached the store
    assert standings(ev) == reference  # the desk shows what it keyed
    assert not ev.try_reconnect() and ev.pending_changes() == 100

    store.cut = False
    assert ev.try_reconnect()
    assert ev.pending_changes() == 0 and not ev.offline
    assert notices[-1] == OfflineChanged(offline=False, pending=0, sent=100, conflicts=0)
    assert standings(ev) == reference
    assert ev.replay() == ReplayCount(sent=0, conflicts=0, pending=0)  # a second replay: nothing
    ev.close()
    assert time_rows(offline) == {(s, n): ms for s, n, ms in keyings()}
    assert count(offline, "SELECT count(*) FROM journal WHERE action LIKE 'time.%'") == 100
    assert count(offline, "SELECT count(*) FROM applied_changes") == 100
    assert verify(offline) == []


def test_a_lost_answer_is_not_applied_twice(tmp_path):
    """The server took the change but the answer was lost: kept, replayed, answered, not doubled."""
    path = tmp_path / "e.rallydesk"
    make_event(path)
    ev, store = open_cuttable(path)
    store.lose_ack = True
    ev.record_time(1, 101, elapsed="3:00:00")
    aid = ev.add_adjustment(1, 101, "+1'", reason="speeding")
    assert aid < 0 and ev.pending_changes() == 2  # the desk did not learn either was written
    assert count(path, "SELECT count(*) FROM applied_changes") == 1  # the second was queued behind
    store.lose_ack = False
    assert ev.try_reconnect()
    assert ev.conflicts() == []  # answered by its change id, not refused as a duplicate
    ev.close()
    assert count(path, "SELECT count(*) FROM journal WHERE action LIKE 'time.%'") == 1
    assert count(path, "SELECT count(*) FROM adjustments") == 1
    assert verify(path) == []


def test_every_kind_of_change_goes_through_the_outbox(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    with Event.open(path) as ev:
        kept = ev.add_adjustment(1, 102, "+2'", reason="late")
    ev, store = open_cuttable(path)
    store.cut = True
    ev.record_time(1, 101, elapsed="3:00:00")
    ev.record_time(1, 103, elapsed="3:10:00")
    ev.delete_time(1, 103, reason="wrong crew")
    new = ev.add_adjustment(1, 101, "+1'", reason="speeding")
    ev.edit_adjustment(new, amount="+0:01:30", why="stewards revised")
    ev.revoke_adjustment(kept, "appeal upheld")
    ev.record_second(1, 101, "Second Official", elapsed="3:00:00")
    assert ev.pending_changes() == 7
    assert [a.amount_ms for a in ev.data.adjustments] == [90_000]  # the desk shows its changes
    store.cut = False
    assert ev.try_reconnect()
    assert ev.conflicts() == []
    assert [(a.number, a.amount_ms) for a in ev.data.adjustments] == [(101, 90_000)]
    assert new < 0 < ev.data.adjustments[0].id  # the provisional id gave way to the server's
    assert ev.data.time_of(1, 103) is None and ev.data.time_of(1, 101).elapsed_ms == 3 * 3_600_000
    assert ev.verified(1)
    ev.close()
    assert verify(path) == []


def test_a_restarted_desk_replays_its_outbox_at_open(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    ev, store = open_cuttable(path)
    store.cut = True
    for stage, n, ms in keyings()[:10]:
        ev.record_time(stage, n, elapsed=ms)
    ev.close()  # the desk is closed (or dies) while offline: the outbox is on disk
    with open_cuttable(path)[0] as ev:  # the same store again (its outbox is bound to it)
        assert ev.pending_changes() == 0
        assert len(ev.data.times) == 10
    assert verify(path) == []


def test_a_read_only_desk_keeps_no_outbox(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    with Event.open(path, readonly=True) as ev:
        assert ev.outbox is None and ev.pending_changes() == 0


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from offline_store import CuttableStore
    from rallydesk.services import Event, SessionPolicy
    from rallydesk.store.eventstore import EventStore

    path = Path({path!r})
    policy = SessionPolicy()
    store = CuttableStore(EventStore.open(path, policy=policy), delay=0.05)
    print("replaying", flush=True)
    Event.over(store, policy)  # replays the outbox at open, slowly; the test kills it half way
    print("done", flush=True)
    """
)


@pytest.mark.posix(reason="SIGKILL of a replay under way")
def test_a_replay_killed_half_way_loses_nothing_and_doubles_nothing(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    ev, store = open_cuttable(path)
    store.cut = True
    for stage, n, ms in keyings()[:40]:
        ev.record_time(stage, n, elapsed=ms)
    ev.close()

    script = tmp_path / "child.py"
    script.write_text(CHILD.format(tests=str(Path(__file__).parent), path=str(path)))
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while count(path, "SELECT count(*) FROM applied_changes") < 10:
            assert child.poll() is None, "the replay ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    applied = count(path, "SELECT count(*) FROM applied_changes")
    assert 10 <= applied < 40  # killed half way

    with open_cuttable(path)[0] as ev:  # the desk restarts: the rest is sent, not twice
        assert ev.pending_changes() == 0 and ev.conflicts() == []
    assert time_rows(path) == {(s, n): ms for s, n, ms in keyings()[:40]}
    assert count(path, "SELECT count(*) FROM journal WHERE action LIKE 'time.%'") == 40
    assert count(path, "SELECT count(*) FROM applied_changes") == 40
    assert verify(path) == []


def test_offline_change_meeting_another_desks_change_is_listed_never_overwritten(
    tmp_path, monkeypatch
):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    with Event.open(path) as ev:
        ev.record_time(1, 102, elapsed="3:20:00")
    monkeypatch.setenv("RALLYDESK_DESK", "desk-A")
    ev_a, store = open_cuttable(path)
    store.cut = True
    ev_a.record_time(1, 101, elapsed="3:00:00")  # desk A saw no result for #101
    ev_a.record_time(1, 102, elapsed="3:21:00", reason="typo")  # desk A saw 3:20:00
    ev_a.record_time(1, 103, elapsed="3:30:00")  # nobody else touches #103
    ev_a.close()

    monkeypatch.setenv("RALLYDESK_DESK", "desk-B")
    with Event.open(path) as ev_b:  # desk B, online, keys the same crews meanwhile
        ev_b.record_time(1, 101, elapsed="3:05:00")
        ev_b.record_time(1, 102, elapsed="3:22:00", reason="timing sheet")

    monkeypatch.setenv("RALLYDESK_DESK", "desk-A")
    with open_cuttable(path)[0] as ev_a:  # desk A is back: its outbox is replayed at open
        conflicts = ev_a.conflicts()
        assert [(c["stage"], c["number"]) for c in conflicts] == [(1, 101), (1, 102)]
        first = conflicts[0]
        assert first["mine"].elapsed_ms == 3 * 3_600_000
        assert first["theirs"].elapsed_ms == 3 * 3_600_000 + 5 * 60_000
        assert (first["my_desk"], first["their_desk"]) == ("desk-A", "desk-B")
        assert first["mine_text"] and first["theirs_text"] and "#101" not in first["mine_text"]
        # never last-writer-wins: desk B's values stand, desk A's new crew arrived
        assert ev_a.data.time_of(1, 101).elapsed_ms == 3 * 3_600_000 + 5 * 60_000
        assert ev_a.data.time_of(1, 102).elapsed_ms == 3 * 3_600_000 + 22 * 60_000
        assert ev_a.data.time_of(1, 103).elapsed_ms == 3 * 3_600_000 + 30 * 60_000

        with pytest.raises(Exception, match="reason"):
            ev_a.settle_conflict(first["id"], "mine", "  ")
        ev_a.settle_conflict(first["id"], "mine", "desk A had the timing card")
        ev_a.settle_conflict(conflicts[1]["id"], "theirs", "B read the official sheet")
        assert ev_a.conflicts() == []
        assert ev_a.data.time_of(1, 101).elapsed_ms == 3 * 3_600_000
        assert ev_a.data.time_of(1, 102).elapsed_ms == 3 * 3_600_000 + 22 * 60_000
        for number in (101, 102):  # both decisions are in the event's journal, with their reason
            settled = [
                r for r in ev_a.journal(number=number) if "conflict settled" in (r["reason"] or "")
            ]
            assert len(settled) == 1
        assert "B read the official sheet" in settled[0]["reason"]
        assert settled[0]["old"] == settled[0]["new"]  # "theirs" confirmed, nothing changed
    assert verify(path) == []


def test_expected_value_online_refuses_instead_of_replacing(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    with Event.open(path) as ev:
        ev.record_time(1, 101, elapsed="3:00:00")
        stored = ev.existing_time(1, 101)
        with pytest.raises(Conflict) as caught:
            ev.record_time(1, 101, elapsed="3:01:00", expected=None)  # the desk saw nothing
        assert caught.value.stored == stored and caught.value.expected is None
        assert caught.value.stored_by["desk"] == os.environ["RALLYDESK_DESK"]
        assert "3:00:00" in str(caught.value) or "3h" in str(caught.value)
        wrong = StageTime(1, 101, "OK", 1)
        with pytest.raises(Conflict):
            ev.delete_time(1, 101, reason="x", expected=wrong)
        assert ev.existing_time(1, 101) == stored  # nothing replaced, nothing deleted
        ev.record_time(1, 101, elapsed="3:01:00", reason="typo", expected=stored)
        assert ev.existing_time(1, 101).elapsed_ms == 3 * 3_600_000 + 60_000
        ev.record_time(1, 101, elapsed="3:02:00", reason="as before")  # no expected: as today
        ev.record_time(1, 102, elapsed="3:02:00", expected=None)
        # the same result keyed by two desks is no conflict
        ev.record_time(1, 102, elapsed="3:02:00", expected=None)
    assert verify(path) == []


def test_a_change_id_given_twice_is_applied_once(tmp_path):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    with Event.open(path) as ev:
        ev.record_time(1, 101, elapsed="3:00:00", change_id="abc")
        ev.record_time(1, 101, elapsed="3:00:00", change_id="abc")
        first = ev.add_adjustment(1, 101, "+1'", reason="x", change_id="adj")
        ev.reload()
        assert ev.add_adjustment(1, 101, "+1'", reason="y", change_id="adj") == first
    assert count(path, "SELECT count(*) FROM journal WHERE action LIKE 'time.%'") == 1
    assert count(path, "SELECT count(*) FROM adjustments") == 1
    assert verify(path) == []


def test_store_unavailable_is_a_store_error_and_other_errors_are_not_queued(tmp_path):
    from rallydesk.domain.errors import RallyDeskError
    from rallydesk.store.eventstore import StoreError

    assert issubclass(StoreUnavailable, StoreError)
    path = tmp_path / "e.rallydesk"
    make_event(path)
    ev, store = open_cuttable(path)
    store.cut = True
    with pytest.raises(RallyDeskError, match="race number 999"):
        ev.record_time(1, 999, elapsed="3:00:00")  # bad input is refused offline too
    assert ev.pending_changes() == 0
    ev.close()


def test_a_refusal_at_replay_is_listed_and_the_rest_still_goes(tmp_path, monkeypatch):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    with Event.open(path) as ev:
        penalty = ev.add_adjustment(1, 101, "+1'", reason="speeding")
    monkeypatch.setenv("RALLYDESK_DESK", "desk-A")
    ev_a, store = open_cuttable(path)
    assert ev_a.data.adjustments
    store.cut = True
    ev_a.revoke_adjustment(penalty, "appeal upheld")
    ev_a.record_time(1, 101, elapsed="3:00:00")
    ev_a.close()
    monkeypatch.setenv("RALLYDESK_DESK", "desk-B")
    with Event.open(path) as ev_b:
        ev_b.revoke_adjustment(penalty, "stewards withdrew it")
    monkeypatch.setenv("RALLYDESK_DESK", "desk-A")
    with open_cuttable(path)[0] as ev_a:
        (refused,) = ev_a.conflicts()
        assert refused["op"] == "adjustment.revoke" and "already revoked" in refused["message"]
        assert refused["mine_text"] == "adjustment revoked" and refused["my_desk"] == "desk-A"
        assert ev_a.data.time_of(1, 101) is not None  # the change behind it still went
        ev_a.settle_conflict(refused["id"], "theirs", "revoked by the stewards already")
        assert ev_a.conflicts() == []
    assert verify(path) == []


def test_a_store_failing_otherwise_keeps_the_changes_and_says_why(tmp_path, monkeypatch):
    from rallydesk.store.eventstore import StoreError

    path = tmp_path / "e.rallydesk"
    make_event(path)
    ev, store = open_cuttable(path)
    assert ev.data.entries
    store.cut = True
    ev.record_time(1, 101, elapsed="3:00:00")
    ev.record_time(1, 102, elapsed="3:01:00")
    store.cut = False

    def full(*_a, **_k):
        raise StoreError("could not save: the disk is full")

    with monkeypatch.context() as m:
        m.setattr(store.inner, "put_time", full)
        with pytest.raises(StoreError, match="disk is full"):
            ev.try_reconnect()
        assert ev.pending_changes() == 2 and ev.conflicts() == []  # kept, not conflicts
    assert ev.try_reconnect() and len(time_rows(path)) == 2
    ev.close()


def test_a_damaged_outbox_is_kept_aside_and_said(tmp_path):
    from rallydesk.outbox import outbox_path

    path = tmp_path / "e.rallydesk"
    make_event(path)
    with open_cuttable(path)[0] as ev:
        box = outbox_path(ev.store.outbox_key(), os.environ["RALLYDESK_DESK"])
    box.parent.mkdir(parents=True, exist_ok=True)
    box.write_bytes(b"not a database, " * 100)
    with open_cuttable(path)[0] as ev:  # the event opens all the same
        assert any("outbox" in w and "NOT sent" in w for w in ev.warnings)
        assert ev.pending_changes() == 0
    assert not box.exists()
    (kept,) = box.parent.glob(box.name + ".damaged-*")
    assert kept.read_bytes().startswith(b"not a database")


def test_an_outbox_that_cannot_keep_a_change_says_it_was_not_recorded(tmp_path):
    from rallydesk.outbox import OutboxError

    path = tmp_path / "e.rallydesk"
    make_event(path)
    ev, store = open_cuttable(path)
    assert ev.data.entries
    store.cut = True
    ev.outbox.path.parent.mkdir(parents=True, exist_ok=True)
    ev.outbox.path.mkdir()  # a folder where the outbox file should be: it cannot be written
    with pytest.raises(OutboxError, match="cannot be used"):
        ev.record_time(1, 101, elapsed="3:00:00")
    assert ev.data.time_of(1, 101) is None  # not shown as if it were kept
    ev.close()
