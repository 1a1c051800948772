"""The Python API on a server event recovers by itself, as the desk does (issue 23, item 3):
a lost connection is dialled again on the next call, kept changes are sent once the server
answers, ``close`` tries once more and says how many stay kept, and reads see other desks."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pg_server import start_server

import rallydesk
from rallydesk.services import Event

DAKAR = Path(__file__).resolve().parents[2] / "rallydesk" / "resources" / "demo" / "dakar2026-cars"
SETUP = [DAKAR / f"{k}.csv" for k in ("groups", "stages", "entries")]


@pytest.fixture
def server():
    own = start_server(durable=True)
    yield own
    own.stop()


def _event(server) -> tuple[str, list[int], list[int]]:
    url = server.new_database()
    with Event.create(url, "Recovers") as ev:
        ev.import_files(SETUP)
        numbers = [e.number for e in ev.data.entries]
        stages = [s.number for s in ev.data.stages if s.number > 0]
    return url, numbers, stages


def _times(url: str) -> dict[tuple[int, int], int | None]:
    with Event.open(url, readonly=True) as ev:
        return {(t.stage, t.number): t.elapsed_ms for t in ev.data.times}


def test_a_script_that_read_nothing_yet_survives_a_server_restart(server):
    url, numbers, stages = _event(server)
    with rallydesk.open_event(url) as event:
        server.pause()
        server.resume()  # restarted before the script's first read
        assert event.standings(stage=stages[0]) == []  # no ServerLost: dialled again
        event.record_time(stage=stages[0], number=numbers[0], elapsed="3:00:00")
        assert event.pending_changes() == 0
        server.pause()
        server.resume()  # and again, after reads and writes
        event.record_time(stage=stages[0], number=numbers[1], elapsed="3:01:00")
        assert [r["number"] for r in event.standings(stage=stages[0])] == numbers[:2]
    assert _times(url) == {(stages[0], numbers[0]): 10_800_000, (stages[0], numbers[1]): 10_860_000}


def test_200_results_with_the_server_cut_midway_are_all_on_the_server_at_close(server):
    url, numbers, stages = _event(server)
    slots = [(s, n) for s in stages for n in numbers][:200]
    with rallydesk.open_event(url) as event:
        for i, (stage, n) in enumerate(slots):
            if i == 60:
                server.pause()
            if i == 140:
                server.resume()
            event.record_time(stage=stage, number=n, elapsed=3_600_000 + i)
    assert event.kept_at_close == 0
    assert len(_times(url)) == 200


def test_changes_that_stay_kept_at_close_are_counted_and_warned(server):
    url, numbers, stages = _event(server)
    event = rallydesk.open_event(url)
    event.record_time(stage=stages[0], number=numbers[0], elapsed="3:00:00")
    server.pause()
    for n in numbers[1:6]:
        event.record_time(stage=stages[0], number=n, elapsed="3:10:00")
    with pytest.warns(RuntimeWarning, match="5 changes stay kept"):
        event.close()
    assert event.kept_at_close == 5
    server.resume()
    with rallydesk.open_event(url) as again:  # the next open sends them, once
        assert again.pending_changes() == 0
    assert again.kept_at_close == 0
    assert len(_times(url)) == 6


def test_standings_see_another_desks_result_without_poll_external(server, monkeypatch):
    url, numbers, stages = _event(server)
    with rallydesk.open_event(url) as mine:
        mine.record_time(stage=stages[0], number=numbers[0], elapsed="3:00:00")
        assert len(mine.standings(stage=stages[0])) == 1
        monkeypatch.setenv("RALLYDESK_DESK", "desk-b")
        with rallydesk.open_event(url) as other:
            other.record_time(stage=stages[0], number=numbers[1], elapsed="2:59:00")
        time.sleep(0.3)
        rows = mine.standings(stage=stages[0])
        assert [r["number"] for r in rows] == [numbers[1], numbers[0]]
        assert mine.existing_time(stages[0], numbers[1]).elapsed_ms == 10_740_000
