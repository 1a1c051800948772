"""A desk's kept changes go only to the store they were kept for (issue 21, item 1): never into a
copy of the event (a pulled or pushed file, a `cp`: the same event id), never into another server
holding the same event, and a desk renamed meanwhile still sends them."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from test_offline import keyings, make_event, open_cuttable, time_rows

from rallydesk.outbox import Outbox, outbox_path
from rallydesk.services import Event
from rallydesk.store.location import EventLocation, ServerAddress
from rallydesk.store.verify import verify


def _keep_offline(path: Path, n: int) -> str:
    """A desk on the "server" ``path`` keys ``n`` results while it is lost, then closes; the
    key of the store its outbox is bound to."""
    ev, store = open_cuttable(path)
    key = store.outbox_key()
    store.cut = True
    for stage, number, ms in keyings()[:n]:
        ev.record_time(stage, number, elapsed=ms)
    assert ev.pending_changes() == n
    ev.close()
    return key


def test_a_copy_of_the_event_opened_on_the_same_computer_gets_none_of_the_kept_changes(tmp_path):
    server = tmp_path / "server.rallydesk"
    make_event(server)
    _keep_offline(server, 5)
    pulled = tmp_path / "pulled.rallydesk"
    shutil.copyfile(server, pulled)  # as `pull` (or `push`, or `cp`): the same event id
    for copy in (pulled, server):  # the copy, and the server's own file opened as a plain file
        with Event.open(copy) as ev:
            assert ev.outbox is None and ev.pending_changes() == 0
            assert ev.data.times == ()  # nothing replayed into it
        assert time_rows(copy) == {}
    with open_cuttable(server)[0] as ev:  # the store they were kept for still gets them all
        assert ev.pending_changes() == 0 and ev.conflicts() == []
    assert time_rows(server) == {(s, n): ms for s, n, ms in keyings()[:5]}
    assert verify(server) == [] and verify(pulled) == []


def test_another_server_with_the_same_event_gets_none_of_them(tmp_path):
    first = tmp_path / "first.rallydesk"
    make_event(first)
    _keep_offline(first, 4)
    second = tmp_path / "second.rallydesk"
    shutil.copyfile(first, second)  # another server holding the same event (pushed twice)
    with open_cuttable(second)[0] as ev:
        assert ev.pending_changes() == 0 and ev.conflicts() == []
    assert time_rows(second) == {}
    with open_cuttable(first)[0] as ev:
        assert ev.pending_changes() == 0
    assert len(time_rows(first)) == 4


def test_an_outbox_put_under_another_stores_name_is_never_replayed(tmp_path):
    first = tmp_path / "first.rallydesk"
    make_event(first)
    first_key = _keep_offline(first, 3)
    second = tmp_path / "second.rallydesk"
    shutil.copyfile(first, second)
    desk = os.environ["RALLYDESK_DESK"]
    kept = outbox_path(first_key, desk)
    ev, other = open_cuttable(second)
    second_key = other.outbox_key()
    ev.close()
    shutil.copyfile(kept, outbox_path(second_key, desk))  # a hand-made "restore"
    with open_cuttable(second)[0] as ev:
        assert ev.pending_changes() == 0
        assert any("another store" in w and "NOT sent" in w for w in ev.warnings)
    assert time_rows(second) == {}


def test_a_renamed_desk_still_sends_what_it_kept(tmp_path, monkeypatch):
    path = tmp_path / "e.rallydesk"
    make_event(path)
    monkeypatch.setenv("RALLYDESK_DESK", "desk-A")
    old = outbox_path(_keep_offline(path, 6), "desk-A")
    assert old.exists()
    monkeypatch.setenv("RALLYDESK_DESK", "Finish line")  # File > Name this desk
    with open_cuttable(path)[0] as ev:
        assert ev.pending_changes() == 0 and ev.conflicts() == []
    assert time_rows(path) == {(s, n): ms for s, n, ms in keyings()[:6]}
    assert not old.exists()  # taken over, not left to be sent twice
    keyed_by = sqlite3.connect(path).execute(
        "SELECT DISTINCT desk FROM journal WHERE action LIKE 'time.%'"
    )
    assert {d for (d,) in keyed_by} == {"Finish line"}


def test_an_outbox_held_by_a_running_desk_is_not_taken_over(tmp_path):
    box = Outbox(tmp_path / "box.sqlite", "postgresql://h:5432/db#uid")
    other = Outbox(tmp_path / "box.sqlite", "postgresql://h:5432/db#uid")
    try:
        assert box.claim()
        assert not other.claim()  # a second desk of this computer under that name
        box.close()
        assert other.claim()  # the first one gone (closed, or died: the lock goes with it)
    finally:
        box.close()
        other.close()


def test_the_key_is_the_server_database_and_event_never_the_login_or_password():
    from rallydesk.store.eventstore import EventStore

    class Stand:  # what outbox_key reads of a store: its location and its event's id
        def __init__(self, url: str) -> None:
            self.location = EventLocation(address=ServerAddress(url, "DB.example", 5433, "dakar"))

        def event_uid(self) -> str:
            return "u1"

    def key(url: str) -> str | None:
        return EventStore.outbox_key(Stand(url))  # type: ignore[arg-type]

    k = key("postgresql://timekeeper@db.example:5433/dakar")
    assert k == "postgresql://db.example:5433/dakar#u1"
    assert key("postgresql://clerk:secret@db.example:5433/dakar") == k  # one desk, any login
    assert EventStore.outbox_key(type("F", (), {"location": EventLocation.of_file("e")})()) is None


def test_an_outbox_kept_before_outboxes_were_bound_is_sent_to_its_server(tmp_path):
    from rallydesk.outbox import legacy_outbox_path

    path = tmp_path / "e.rallydesk"
    make_event(path)
    desk = os.environ["RALLYDESK_DESK"]
    kept = outbox_path(_keep_offline(path, 3), desk)
    with Event.open(path) as ev:
        legacy = legacy_outbox_path(ev.store.event_uid(), desk)
    with sqlite3.connect(kept) as db:  # as RallyDesk kept it before: no store written in it
        db.execute("DROP TABLE bound")
    db.close()
    os.replace(kept, legacy)
    with Event.open(path) as ev:  # a file: never replayed into it, left for its server
        assert ev.pending_changes() == 0
    assert legacy.exists() and time_rows(path) == {}
    with open_cuttable(path)[0] as ev:
        assert ev.pending_changes() == 0
    assert len(time_rows(path)) == 3 and not legacy.exists()
