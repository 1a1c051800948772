"""The defects that lived in the seams between the desk, the services and the store (issue 20):
each test here failed before the services were reshaped."""

from __future__ import annotations

import pytest

from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.services import Event


@pytest.fixture
def ev(event_location):
    """An event in a file, then on a PostgreSQL server, with a start list on stage 1."""
    e = Event.create(event_location, "Seams")
    e.put_group(Group("CAR", "Cars"))
    e.put_group(Group("T1", "Ultimate", "class", "CAR"))
    e.put_stage(Stage(1, "Loop", special_km=300))
    for n in (201, 202, 203):
        e.put_entry(Entry(n, "T1", (CrewMember("driver", f"Driver {n}", "FRA"),), "Team", "Car"))
    e.set_starts(1, {201: "08:00:00", 202: "08:02:00"})
    yield e
    e.close()


def test_the_api_keys_a_finish_against_the_imported_start_list(ev):
    t = ev.record_time(stage=1, number=201, finish="11:10:30")
    assert (t.start_ms, t.finish_ms, t.elapsed_ms) == (8 * 3_600_000, 40_230_000, 11_430_000)
    assert ev.existing_time(1, 201) == t
    # a start keyed by hand still wins over the list, and must agree with an elapsed time given
    t = ev.record_time(stage=1, number=202, start="08:03:00", finish="11:03:00")
    assert t.elapsed_ms == 3 * 3_600_000
    # a crew not on the start list still needs its start (or the elapsed time)
    with pytest.raises(RallyDeskError, match="a start needs a finish|elapsed"):
        ev.record_time(stage=1, number=203, finish="11:00:00")
    assert ev.existing_time(1, 203) is None


def _officials(ev) -> None:
    ev.add_official("Tim KEEPER", "timekeeper", "1111")
    ev.add_official("Rita RESULTS", "results-manager", "2222")
    ev.add_official("Ana CLERK", "clerk", "3333")


def test_start_lists_and_second_keyings_name_the_official_stage_and_number(ev):
    _officials(ev)
    ev.login("Tim KEEPER", "1111")
    ev.set_starts(1, {203: "08:04:00"})
    ev.record_time(1, 201, elapsed="3:10:00")
    ev.record_second(1, 201, "Sam SECOND", elapsed="3:10:01")
    rows = {r["action"]: r for r in ev.journal() if r["number"] == 203 or r["number"] == 201}
    for action in ("start.set", "second.record", "time.record"):
        row = rows[action]
        assert (row["official"], row["stage"]) == ("Tim KEEPER", 1), action
    assert rows["start.set"]["number"] == 203 and rows["second.record"]["number"] == 201


def test_a_timekeeper_cannot_settle_a_mismatch_of_the_double_keying(ev):
    _officials(ev)
    ev.login("Tim KEEPER", "1111")
    ev.record_time(1, 201, elapsed="3:10:00")
    ev.record_second(1, 201, "Sam SECOND", elapsed="3:10:01")
    for keep in ("first", "second"):
        with pytest.raises(RallyDeskError, match="results manager"):
            ev.settle(1, 201, keep, "checked the chrono")
    assert [m["number"] for m in ev.mismatches(1)] == [201]  # nothing was settled
    ev.login("Rita RESULTS", "2222")
    ev.settle(1, 201, "first", "checked the chrono")
    assert ev.mismatches(1) == []
    settled = [r for r in ev.journal(number=201) if r["action"] == "second.settle"]
    assert [(r["official"], r["stage"]) for r in settled] == [("Rita RESULTS", 1)]


def test_the_store_refuses_a_settlement_past_the_services(ev):
    """The role is checked inside the store's transaction too: a caller that skips the services'
    check (a script on the store) is refused and nothing is written."""
    _officials(ev)
    ev.login("Tim KEEPER", "1111")
    first = ev.record_time(1, 201, elapsed="3:10:00")
    with pytest.raises(RallyDeskError, match="results manager"):
        ev.store.put_second(first, "Sam SECOND", "second.settle", "past the services")
    assert ev.store.seconds(1) == []


def test_a_keyed_time_is_a_few_statements_and_asks_the_system_nothing(tmp_path, monkeypatch):
    """The desk and the user are known once per session: a keyed time looks neither up (it used
    to ask getpass twice per write), and it is a few statements: BEGIN, the change id, the old
    row, the new row, the journal's head, its row, the applied change, COMMIT (it was 12)."""
    import getpass
    import socket

    monkeypatch.delenv("RALLYDESK_USER", raising=False)
    monkeypatch.delenv("RALLYDESK_DESK", raising=False)
    e = Event.create(tmp_path / "e.rallydesk", "Count")
    e.put_group(Group("CAR", "Cars"))
    e.put_group(Group("T1", "Ultimate", "class", "CAR"))
    e.put_stage(Stage(1, "Loop", special_km=300))
    for n in (201, 202):
        e.put_entry(Entry(n, "T1", (CrewMember("driver", f"Driver {n}", "FRA"),), "Team", "Car"))
    e.record_time(1, 201, elapsed="3:00:00")
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getuser", lambda: asked.append("user") or "someone")
    monkeypatch.setattr(socket, "gethostname", lambda: asked.append("host") or "somewhere")
    statements: list[str] = []
    e.store.db.db.conn.set_trace_callback(statements.append)
    e.record_time(1, 202, elapsed="3:01:00")
    e.store.db.db.conn.set_trace_callback(None)
    assert asked == []
    assert len(statements) <= 8, statements
    e.close()
