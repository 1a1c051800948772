"""A desk on a PostgreSQL server that loses it keeps keying, and everything arrives, once.

Each test has a server of its own, stopped as a crash would stop it (``immediate``: connections
cut, nothing said to them) and started again on the same port.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pg_server import start_server

from rallydesk.services import Event, verify_event

DAKAR = Path(__file__).resolve().parents[2] / "rallydesk" / "resources" / "demo" / "dakar2026-cars"
SETUP = [DAKAR / f"{k}.csv" for k in ("groups", "stages", "entries")]


@pytest.fixture
def server():
    own = start_server(durable=True)  # a crash must not lose what was acknowledged
    yield own
    own.stop()


def _times(url: str) -> dict[tuple[int, int], int | None]:
    with Event.open(url, readonly=True) as ev:
        return {(t.stage, t.number): t.elapsed_ms for t in ev.data.times}


def test_a_desk_cut_off_keys_offline_and_every_change_arrives_once(server):
    url = server.new_database()
    with Event.create(url, "Offline") as ev:
        ev.import_files(SETUP)
        numbers = [e.number for e in ev.data.entries]
        stages = [s.number for s in ev.data.stages if s.number > 0]
    keyed: dict[tuple[int, int], int] = {}
    with Event.open(url) as desk:
        for i, n in enumerate(numbers[:5]):  # online
            keyed[(stages[0], n)] = desk.record_time(stages[0], n, elapsed=3_600_000 + i).elapsed_ms
        server.pause()
        slots = [(s, n) for s in stages[1:] for n in numbers][:100]
        for i, (stage, n) in enumerate(slots):  # the server is gone: keying goes on
            keyed[(stage, n)] = desk.record_time(stage, n, elapsed=7_200_000 + i).elapsed_ms
        assert desk.pending_changes() == 100 and desk.offline
        assert desk.existing_time(*slots[-1]).elapsed_ms == 7_200_099  # the desk shows them
        assert desk.try_reconnect() is False  # still down: nothing lost, nothing sent
        assert desk.pending_changes() == 100
        server.resume()
        assert desk.try_reconnect() is True
        assert desk.pending_changes() == 0 and desk.conflicts() == []
        desk.replay()  # again: nothing is applied twice
    assert _times(url) == keyed
    with Event.open(url, readonly=True) as ev:
        records = [r for r in ev.journal() if r["action"] in ("time.record", "time.replace")]
    assert len(records) == 105  # each change once
    assert verify_event(url) == []


def test_two_desks_one_cut_off_a_clash_is_listed_not_overwritten(server, monkeypatch):
    url = server.new_database()
    with Event.create(url, "Clash") as ev:
        ev.import_files(SETUP)
        number = ev.data.entries[0].number
        stage = next(s.number for s in ev.data.stages if s.number > 0)
    with Event.open(url) as a:
        a.record_time(stage, number, elapsed="3:00:00")
        server.pause()
        a.record_time(stage, number, elapsed="3:05:00", reason="misread")  # offline, on A
        server.resume()
        monkeypatch.setenv("RALLYDESK_DESK", "desk-b")  # another computer: its own outbox
        with Event.open(url) as b:  # B, online, corrects the same result first
            b.record_time(stage, number, elapsed="3:01:00", reason="chrono printout")
        monkeypatch.setenv("RALLYDESK_DESK", "test-desk")
        assert a.try_reconnect() is True
        (clash,) = a.conflicts()
        assert clash["number"] == number and clash["stage"] == stage
        assert clash["mine"].elapsed_ms == 3 * 3_600_000 + 5 * 60_000
        assert clash["theirs"].elapsed_ms == 3 * 3_600_000 + 60_000
    assert _times(url)[(stage, number)] == 3 * 3_600_000 + 60_000  # B's stays until settled
    assert verify_event(url) == []


def test_a_desk_cut_off_a_second_time_after_reconnecting_keys_on(server):
    """Regression: the replay that follows a reconnect drops the desk's snapshot; the server lost
    again before the next keying made record_time raise ServerLost (reloading the snapshot)
    instead of keeping the change in the outbox. The desk keys on over its last snapshot."""
    url = server.new_database()
    with Event.create(url, "Twice") as ev:
        ev.import_files(SETUP)
        numbers = [e.number for e in ev.data.entries]
        stage = next(s.number for s in ev.data.stages if s.number > 0)
    keyed: dict[tuple[int, int], int] = {}
    with Event.open(url) as desk:
        for i, n in enumerate(numbers[:3]):
            if i == 1:
                server.pause()  # the first cut
            keyed[(stage, n)] = desk.record_time(stage, n, elapsed=3_600_000 + i).elapsed_ms
        server.resume()
        assert desk.try_reconnect() is True
        server.pause()  # the second cut, before anything is keyed again
        for i, n in enumerate(numbers[3:6]):
            keyed[(stage, n)] = desk.record_time(stage, n, elapsed=4_000_000 + i).elapsed_ms
        assert desk.pending_changes() == 3 and desk.offline
        assert desk.existing_time(stage, numbers[1]).elapsed_ms == 3_600_001  # still shown
        server.resume()
        assert desk.try_reconnect() is True
        assert desk.conflicts() == []
    assert _times(url) == keyed
    assert verify_event(url) == []


def test_kept_changes_go_only_to_their_server_never_to_a_pulled_or_pushed_copy(
    server, tmp_path, monkeypatch
):
    """Issue 21, item 1, on a real server: the pulled file and a second database pushed from it
    hold the same event id; neither receives the desk's kept changes, the server does."""
    from rallydesk.services import pull_event, push_event

    url = server.new_database()
    with Event.create(url, "Bound") as ev:
        ev.import_files(SETUP)
        numbers = [e.number for e in ev.data.entries][:12]
        stage = next(s.number for s in ev.data.stages if s.number > 0)
    pulled = tmp_path / "pulled.rallydesk"
    pull_event(url, pulled)
    copy_url = server.new_database()
    push_event(pulled, copy_url)
    with Event.open(url) as desk:
        assert desk.data.entries  # the desk's snapshot, read while the server answers
        server.pause()
        for i, n in enumerate(numbers):
            desk.record_time(stage, n, elapsed=3_600_000 + i)
        assert desk.pending_changes() == 12
    server.resume()
    with Event.open(pulled) as ev:  # the file, on the same computer
        assert ev.pending_changes() == 0 and ev.data.times == ()
    with Event.open(copy_url) as ev:  # the other database with the same event
        assert ev.pending_changes() == 0 and ev.data.times == ()
    monkeypatch.setenv("RALLYDESK_DESK", "renamed-desk")  # and renamed meanwhile
    with Event.open(url) as desk:
        assert desk.pending_changes() == 0 and desk.conflicts() == []
    assert len(_times(url)) == 12
    assert _times(copy_url) == {}
    assert verify_event(url) == [] and verify_event(copy_url) == []
