"""LISTEN/NOTIFY on a server: a desk hears the other desks' commits as they happen (issue 16).

The deadlines below ("within a second") are what the issue promises a desk, not speed
measurements; benchmarks/propagation.py measures how fast it really is.
"""

from __future__ import annotations

import threading
import time

import pytest

from rallydesk.domain.changes import Conflict
from rallydesk.domain.model import CrewMember, Entry, Group, Stage, StageTime
from rallydesk.services import Event
from rallydesk.services.notices import Notice, OtherDeskWrote
from rallydesk.store import listen, pg
from rallydesk.store.eventstore import EventStore
from rallydesk.store.listen import JournalListener

DEADLINE = 1.0  # issue 16: a change on one desk reaches the others within a second


def _event(url: str) -> None:
    with Event.create(url, "Shared baja") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_stage(Stage(1, "Loop"))
        for n in (201, 202, 203):
            ev.put_entry(Entry(n, "CAR", (CrewMember("driver", f"Driver {n}"),)))


class Heard:
    """What a listener was told, and a way to wait for the next notice."""

    def __init__(self) -> None:
        self.ids: list[int | None] = []
        self._new = threading.Condition()

    def __call__(self, journal_id: int | None) -> None:
        with self._new:
            self.ids.append(journal_id)
            self._new.notify_all()

    def wait_for(self, journal_id: int | None, timeout: float) -> bool:
        with self._new:
            return self._new.wait_for(lambda: journal_id in self.ids, timeout)


def test_each_committed_journal_row_is_announced_with_its_id(pg_url):
    _event(pg_url)
    heard = Heard()
    listener = JournalListener(pg_url, heard)
    listener.start()
    try:
        assert listener.wait_listening(5)
        assert heard.wait_for(None, DEADLINE)  # after LISTEN: "look again", once
        with Event.open(pg_url) as desk:
            desk.record_time(1, 201, elapsed="1:00:00")
            first = desk.store.journal_head_id()
            desk.record_time(1, 202, elapsed="1:01:00")
        assert heard.wait_for(first + 1, DEADLINE)
        assert heard.ids == [None, first, first + 1]  # in commit order, one per row
    finally:
        listener.stop()
    assert not listener.listening


def test_a_write_rolled_back_announces_nothing(pg_url):
    """NOTIFY is delivered at COMMIT only: a refused write (a conflict) tells nobody anything."""
    _event(pg_url)
    with Event.open(pg_url) as desk:
        desk.record_time(1, 201, elapsed="1:00:00")
        heard = Heard()
        assert desk.store.listen(heard)
        assert desk.store.listener is not None and desk.store.listener.wait_listening(5)
        assert heard.wait_for(None, DEADLINE)
        head = desk.store.journal_head_id()
        with pytest.raises(Conflict):
            desk.store.put_time(StageTime(1, 201, "OK", 1), expected=None)
        assert desk.store.last_journal_id is None
        desk.record_time(1, 202, elapsed="1:01:00")  # the next commit is heard, and only it
        assert heard.wait_for(head + 1, DEADLINE)
        assert heard.ids == [None, head + 1]
        assert desk.store.journal_head_id() == head + 1


def test_another_desk_is_woken_within_a_second_and_catches_up(pg_url):
    _event(pg_url)
    with Event.open(pg_url) as a, Event.open(pg_url) as b:
        woken = threading.Event()
        assert b.listen(woken.set)
        assert b.store.listener is not None and b.store.listener.wait_listening(5)
        assert woken.wait(DEADLINE)  # the look after LISTEN
        assert b.poll_external() is False  # nothing new: b opened after the last write
        woken.clear()
        a.record_time(1, 201, elapsed="1:00:00")
        assert woken.wait(DEADLINE)
        assert b.poll_external() is True
        assert [(t.number, t.elapsed_ms) for t in b.data.times] == [(201, 3_600_000)]


def test_a_burst_of_commits_wakes_the_desk_once_until_it_looks(pg_url):
    _event(pg_url)
    with Event.open(pg_url) as a, Event.open(pg_url) as b:
        wakes: list[float] = []
        b.listen(lambda: wakes.append(time.monotonic()))
        assert b.store.listener is not None and b.store.listener.wait_listening(5)
        deadline = time.monotonic() + DEADLINE
        while not wakes and time.monotonic() < deadline:
            time.sleep(0.01)
        b.poll_external()
        wakes.clear()
        heard = Heard()  # told after the desk's own notice handler: the wake is decided by then
        b.store.listener._on_notice = _chain(b.store.listener._on_notice, heard)
        for n in (201, 202, 203):
            a.record_time(1, n, elapsed="1:00:00")
        a.record_time(1, 201, elapsed="1:00:01", reason="correction")
        assert heard.wait_for(a.store.journal_head_id(), DEADLINE)
        assert len(wakes) == 1  # four commits, one wake: the desk had not looked yet
        assert b.poll_external() is True
        a.record_time(1, 202, elapsed="1:00:02", reason="correction")
        assert heard.wait_for(a.store.journal_head_id(), DEADLINE)
        assert len(wakes) == 2  # it looked: the next commit wakes it again


def _chain(first, then):
    def both(journal_id: int | None) -> None:
        first(journal_id)
        then(journal_id)

    return both


def test_the_desks_own_write_needs_no_catch_up(pg_url):
    """Its snapshot already holds what it wrote: its own announcement reloads nothing. A write of
    another desk in between does (the snapshot misses it)."""
    _event(pg_url)
    with Event.open(pg_url) as a, Event.open(pg_url) as b:
        a.record_time(1, 201, elapsed="1:00:00")
        assert a.poll_external() is False
        b.record_time(1, 202, elapsed="1:00:00")
        a.record_time(1, 203, elapsed="1:00:00")  # after b's row: a's snapshot misses it
        assert a.poll_external() is True
        assert {t.number for t in a.data.times} == {201, 202, 203}


def test_a_lost_listening_connection_is_dialled_again_and_catches_up(pg_url, monkeypatch):
    """The listening connection is ended on the server (as a restart would): it is dialled again,
    LISTENs again, and the desk is woken for what was committed while it was gone."""
    monkeypatch.setattr(listen, "RETRY_SECONDS", 0.2)  # dialled again sooner: a quicker test
    _event(pg_url)
    with Event.open(pg_url) as a, Event.open(pg_url) as b:
        woken = threading.Event()
        b.listen(woken.set)
        listener = b.store.listener
        assert listener is not None and listener.wait_listening(5)
        assert woken.wait(DEADLINE)
        b.poll_external()
        woken.clear()
        pid = listener.backend_pid
        admin = pg.connect(pg_url)
        try:
            admin.execute("SELECT pg_terminate_backend($1)", [pid])
        finally:
            admin.close()
        deadline = time.monotonic() + 5
        while listener.listening and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not listener.listening
        a.record_time(1, 201, elapsed="1:00:00")  # committed while nobody listens
        assert woken.wait(listener._retry + 5)  # heard after the new LISTEN
        assert listener.connections == 2 and listener.backend_pid != pid
        assert b.poll_external() is True
        woken.clear()
        a.record_time(1, 202, elapsed="1:00:00")  # and the new connection hears the next ones
        assert woken.wait(DEADLINE)
        assert b.poll_external() is True
        assert {t.number for t in b.data.times} == {201, 202}


def test_a_file_has_nothing_to_listen_to(tmp_path):
    path = tmp_path / "e.rallydesk"
    Event.create(path, "A file").close()
    with Event.open(path) as ev:
        assert ev.listen(lambda: None) is False
    store = EventStore.open(path, readonly=True)
    try:
        assert store.listen(lambda _id: None) is False and store.listener is None
    finally:
        store.close()


def _loads(ev: Event) -> list[int]:
    """Count the desk's whole reloads of the event (the catch-up should need none for times)."""
    calls: list[int] = []
    load = ev.store.load

    def counted():  # noqa: ANN202
        calls.append(1)
        return load()

    ev.store.load = counted  # type: ignore[method-assign]
    return calls


def test_other_desks_results_are_caught_up_without_reloading_the_event(pg_url):
    """Only results changed since the desk's snapshot (recorded, replaced, deleted): just those
    are read again, and the snapshot equals what a full load gives."""
    _event(pg_url)
    with Event.open(pg_url) as a, Event.open(pg_url) as b:
        a.record_time(1, 201, elapsed="1:00:00")
        a.record_time(1, 202, elapsed="1:01:00")
        assert b.poll_external() is True
        b.data  # noqa: B018 (the snapshot, loaded)
        loads = _loads(b)
        told: list[Notice] = []
        b.subscribe(told.append)
        a.record_time(1, 201, elapsed="1:00:30", reason="timing sheet")  # replaced
        assert b.poll_external() is True
        assert told == [OtherDeskWrote(times=1, stage=1, number=201)]
        a.delete_time(1, 202, reason="wrong crew")
        a.record_time(1, 203, elapsed="0:59:00")
        assert b.poll_external() is True
        assert told[-1] == OtherDeskWrote(times=2)
        assert loads == []  # derived, not reloaded
        with Event.open(pg_url, readonly=True) as fresh:
            assert b.data.times == fresh.data.times
        assert [(t.number, t.elapsed_ms) for t in b.data.times] == [
            (201, 3_630_000),
            (203, 3_540_000),
        ]


def test_anything_but_results_reloads_the_whole_event(pg_url):
    _event(pg_url)
    with Event.open(pg_url) as a, Event.open(pg_url) as b:
        b.data  # noqa: B018
        loads = _loads(b)
        a.record_time(1, 201, elapsed="1:00:00")
        a.put_stage(Stage(1, "Loop renamed"))
        assert b.poll_external() is True
        assert b.data.stage(1).name == "Loop renamed" and len(b.data.times) == 1
        assert loads == [1]


def test_a_long_way_behind_the_desk_reloads_at_once(pg_url, monkeypatch):
    """Past CATCH_UP_ROWS rows to catch up on (an import keyed elsewhere), one load is cheaper
    than reading results one by one: the whole event is loaded."""
    from rallydesk.store import results

    monkeypatch.setattr(results, "CATCH_UP_ROWS", 2)
    _event(pg_url)
    with Event.open(pg_url) as a, Event.open(pg_url) as b:
        b.data  # noqa: B018
        loads = _loads(b)
        for n in (201, 202):
            a.record_time(1, n, elapsed="1:00:00")
        assert b.poll_external() is True and loads == []
        b.data  # noqa: B018
        for n in (201, 202, 203):
            a.record_time(1, n, elapsed="1:00:01", reason="correction")
        assert b.poll_external() is True
        assert len(b.data.times) == 3 and loads == [1]


def test_a_batch_rolled_back_leaves_the_desk_following(pg_url):
    """Results keyed inside a batch that is then rolled back are not "seen": the next journal
    row, written by another desk, is still caught up."""
    _event(pg_url)
    with Event.open(pg_url) as a, Event.open(pg_url) as b:
        a.data  # noqa: B018
        with pytest.raises(RuntimeError), a.batch():
            a.record_time(1, 201, elapsed="1:00:00")
            raise RuntimeError("the import stops")
        assert a.data.times == ()
        b.record_time(1, 202, elapsed="1:02:00")  # the journal row the batch would have added
        assert a.poll_external() is True
        assert [t.number for t in a.data.times] == [202]


def test_after_a_server_restart_the_desk_hears_and_reads_again(monkeypatch):
    """The server stops as a crash would and starts again: the listening connection is dialled
    again, and the desk, woken, finds its own connection lost and dials it again too: it follows
    on without keying anything first."""
    monkeypatch.setattr(listen, "RETRY_SECONDS", 0.2)  # dialled again sooner: a quicker test
    from pg_server import start_server

    server = start_server(durable=True)  # an immediate stop must not lose the set-up
    try:
        url = server.new_database()
        _event(url)
        with Event.open(url) as b:
            woken = threading.Event()
            b.listen(woken.set)
            listener = b.store.listener
            assert listener is not None and listener.wait_listening(5)
            assert woken.wait(DEADLINE)
            b.data  # noqa: B018
            b.poll_external()
            woken.clear()
            server.pause()
            deadline = time.monotonic() + 10
            while listener.listening and time.monotonic() < deadline:
                time.sleep(0.01)
            assert not listener.listening
            server.resume()
            assert listener.wait_listening(listener._retry + 10)
            with Event.open(url) as a:
                a.record_time(1, 201, elapsed="1:00:00")
            assert woken.wait(DEADLINE)
            assert b.poll_external() is True  # its own connection dialled again, on the way
            assert [t.number for t in b.data.times] == [201]
    finally:
        server.stop()
