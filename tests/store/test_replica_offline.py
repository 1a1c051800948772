"""Offline-first desks (issue 23, item 2): a writing desk keeps a replica of the server event it
opened, so it opens, shows and keys the event while the server is away; everything kept arrives
once the server answers, by the same rules as after a lost connection."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from pg_server import start_server

import rallydesk
from rallydesk.domain.errors import RallyDeskError
from rallydesk.services import Event, verify_event
from rallydesk.store.errors import StoreUnavailable

DAKAR = Path(__file__).resolve().parents[2] / "rallydesk" / "resources" / "demo" / "dakar2026-cars"
SETUP = [DAKAR / f"{k}.csv" for k in ("groups", "stages", "entries")]


@pytest.fixture
def server():
    own = start_server(durable=True)
    yield own
    own.stop()


def _event(server, officials: bool = False) -> tuple[str, list[int], list[int]]:
    url = server.new_database()
    with Event.create(url, "Bivouac") as ev:
        ev.import_files(SETUP)
        if officials:
            ev.add_official("Ana CLERK", "clerk", "1111")
            ev.add_official("Tom KEEPER", "timekeeper", "2222")
        numbers = [e.number for e in ev.data.entries]
        stages = [s.number for s in ev.data.stages if s.number > 0]
    return url, numbers, stages


def _times(url: str) -> dict[tuple[int, int], int | None]:
    with Event.open(url, readonly=True) as ev:
        return {(t.stage, t.number): t.elapsed_ms for t in ev.data.times}


def _close_quietly(event: Event) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        event.close()


def test_a_desk_restarted_while_the_server_is_away_opens_keys_and_everything_arrives_once(server):
    url, numbers, stages = _event(server)
    s = stages[0]
    with Event.open(url) as desk:  # opened once with the server there: the replica is kept
        for i, n in enumerate(numbers[:3]):
            desk.record_time(s, n, elapsed=3_600_000 + i)
    server.pause()
    desk = Event.open(url)  # the server away: opened from the replica
    assert desk.offline and desk.pending_changes() == 0
    assert any("own copy" in w for w in desk.warnings)
    assert desk.existing_time(s, numbers[2]).elapsed_ms == 3_600_002
    assert [r["number"] for r in desk.standings(stage=s)] == numbers[:3]
    for i, n in enumerate(numbers[3:8]):
        desk.record_time(s, n, elapsed=3_500_000 + i)
    with pytest.raises(RallyDeskError):  # the same rules as online: a replacement needs a reason
        desk.record_time(s, numbers[0], elapsed=3_000_000)
    assert desk.pending_changes() == 5
    _close_quietly(desk)
    assert desk.kept_at_close == 5
    desk = Event.open(url)  # restarted again, still away: what it kept is shown
    assert desk.offline and desk.pending_changes() == 5
    assert desk.existing_time(s, numbers[7]).elapsed_ms == 3_500_004
    desk.record_time(s, numbers[7], elapsed=3_400_000, reason="misread")  # over what it shows
    assert desk.try_reconnect() is False
    server.resume()
    assert desk.try_reconnect() is True
    assert not desk.offline and desk.pending_changes() == 0 and desk.conflicts() == []
    desk.replay()  # again: nothing applied twice
    assert desk.existing_time(s, numbers[7]).elapsed_ms == 3_400_000  # the server's state
    desk.record_time(s, numbers[8], elapsed="1:00:00")  # online again: written at once
    assert desk.pending_changes() == 0
    desk.close()
    times = _times(url)
    assert len(times) == 9 and times[(s, numbers[7])] == 3_400_000
    with Event.open(url, readonly=True) as ev:
        records = [r for r in ev.journal() if r["action"] in ("time.record", "time.replace")]
    assert len(records) == 3 + 5 + 1 + 1  # each change once
    assert verify_event(url) == []


def test_an_offline_change_over_another_desks_newer_result_is_a_conflict(server, monkeypatch):
    url, numbers, stages = _event(server)
    s, n = stages[0], numbers[0]
    with Event.open(url) as desk:
        desk.record_time(s, n, elapsed="3:00:00")
    monkeypatch.setenv("RALLYDESK_DESK", "desk-b")
    with Event.open(url) as b:  # another desk corrects it after this desk's replica was kept
        b.record_time(s, n, elapsed="3:01:00", reason="chrono printout")
    monkeypatch.setenv("RALLYDESK_DESK", "test-desk")
    server.pause()
    desk = Event.open(url)
    assert desk.existing_time(s, n).elapsed_ms == 3 * 3_600_000  # what this desk saw last
    desk.record_time(s, n, elapsed="3:05:00", reason="misread")
    server.resume()
    assert desk.try_reconnect() is True
    (clash,) = desk.conflicts()
    assert clash["mine"].elapsed_ms == 3 * 3_600_000 + 5 * 60_000
    assert clash["theirs"].elapsed_ms == 3 * 3_600_000 + 60_000
    desk.close()
    assert _times(url)[(s, n)] == 3 * 3_600_000 + 60_000  # never silently overwritten


def test_without_a_replica_the_message_names_the_server_and_why(server, monkeypatch):
    url, _, _ = _event(server)  # (the desk that made it keeps a replica: another desk here)
    monkeypatch.setenv("RALLYDESK_DESK", "desk-new")
    server.pause()
    with pytest.raises(StoreUnavailable, match="never opened it here") as err:
        Event.open(url)
    assert "cannot connect to the PostgreSQL server" in str(err.value)
    server.resume()


def test_an_official_logs_in_offline_against_the_pin_kept_at_this_desk(server):
    url, numbers, stages = _event(server, officials=True)
    with rallydesk.open_event(url, official="Tom KEEPER", pin="2222") as desk:
        desk.record_time(stages[0], numbers[0], elapsed="3:00:00")
    server.pause()
    with pytest.raises(RallyDeskError, match="wrong PIN"):
        rallydesk.open_event(url, official="Tom KEEPER", pin="9999")
    with pytest.raises(RallyDeskError, match="never logged in here"):
        rallydesk.open_event(url, official="Ana CLERK", pin="1111")
    desk = rallydesk.open_event(url, official="Tom KEEPER", pin="2222")
    assert desk.offline and desk.official.name == "Tom KEEPER"
    desk.record_time(stages[0], numbers[1], elapsed="3:02:00")
    with pytest.raises(RallyDeskError, match="needs a results manager"):  # roles hold offline
        desk.add_adjustment(stage=stages[0], number=numbers[1], amount="+1'", reason="speeding")
    server.resume()
    assert desk.try_reconnect() is True and desk.conflicts() == []
    desk.close()
    with Event.open(url, readonly=True) as ev:
        (row,) = ev.journal(number=numbers[1], kind="time")
    assert row["official"] == "Tom KEEPER"


def test_a_replica_is_never_read_for_another_event_in_the_same_place(server):
    url, numbers, stages = _event(server)
    with Event.open(url) as desk:
        desk.record_time(stages[0], numbers[0], elapsed="3:00:00")
    server.pause()
    desk = Event.open(url)  # from the replica of the event that was there
    desk.record_time(stages[0], numbers[1], elapsed="3:01:00")
    server.resume()
    dbname = url.rsplit("/", 1)[1]
    admin = server.url("postgres")
    server.psql(admin, f'DROP DATABASE "{dbname}" WITH (FORCE)')
    server.psql(admin, f'CREATE DATABASE "{dbname}"')
    with Event.create(url, "Another rally") as other:  # another event, same address and name
        other.import_files(SETUP)
    with pytest.raises(RallyDeskError, match="another event"):
        desk.try_reconnect()
    assert desk.offline and desk.pending_changes() == 1  # kept, never sent there
    _close_quietly(desk)
    assert _times(url) == {}
    with Event.open(url) as fresh:  # online: the replica is the new event's from now on
        assert fresh.data.settings.name == "Another rally" and not fresh.offline
    assert fresh.pending_changes() == 0  # (the old outbox is bound to the old event's id)


def test_the_replica_file_is_bound_to_its_store(tmp_path):
    from rallydesk.store.replica import Replica

    rep = Replica(tmp_path / "r.sqlite")
    assert rep.read() is None
    rep.write("postgresql://h:5432/db#uid-1", {"data": {"a": 1}, "head": 3})
    assert rep.read("postgresql://h:5432/db#uid-1")["head"] == 3
    assert rep.read("postgresql://h:5432/db#uid-2") is None  # never for another event
    rep.write("postgresql://h:5432/db#uid-2", {"head": 4})  # another event there now: replaced
    assert "data" not in rep.read("postgresql://h:5432/db#uid-2")
    rep.close()
