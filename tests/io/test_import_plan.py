"""io.imports plans an import from an EventData snapshot alone: no event, no store, no service."""

from __future__ import annotations

from rallydesk.domain.model import Adjustment, Entry, EventData, Group, Settings, Stage, StartTime
from rallydesk.io.imports import check_row, plan_import


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_each_file_is_checked_against_the_files_before_it(tmp_path):
    files = [
        _write(tmp_path / "t.csv", "stage,number,finish\n1,7,10:30:00\n"),
        _write(tmp_path / "s.csv", "stage,number,start\n1,7,08:00:00\n"),
        _write(tmp_path / "e.csv", "number,class,driver\n7,T1,Ann\n"),
        _write(tmp_path / "g.csv", "code,name,parent\nCAR,Cars,\nT1,Ultimate,CAR\n"),
        _write(tmp_path / "p.csv", "stage,number,amount,reason\n1,7,+1',speeding\n"),
    ]
    data = EventData(Settings("Plan"), stages=(Stage(1, "Loop"),))
    plan = plan_import(data, files)
    assert plan.problems == ()
    assert [r.kind for r in plan.reports] == ["groups", "entries", "starts", "times", "adjustments"]
    changes = plan.changes
    assert changes[:3] == [
        Group("CAR", "Cars"),
        Group("T1", "Ultimate", "class", "CAR"),
        Entry(7, "T1", changes[2].crew),
    ]
    assert changes[3] == StartTime(1, 7, 8 * 3_600_000)
    assert changes[4].start_ms == 8 * 3_600_000 and changes[4].elapsed_ms == 2.5 * 3_600_000
    assert isinstance(changes[5], Adjustment) and changes[5].amount_ms == 60_000
    assert data.entries == ()  # the snapshot given is never changed


def test_a_bad_row_is_listed_and_the_plan_refused(tmp_path):
    data = EventData(Settings("Plan"), stages=(Stage(1, "Loop"),))
    plan = plan_import(data, [_write(tmp_path / "t.csv", "stage,number,elapsed\n1,7,1:00:00\n")])
    assert plan.problems == (
        f"{tmp_path / 't.csv'}, line 2: race number 7 is not entered in this event",
    )
    rejected = plan.rejection()
    assert rejected is not None and "1 bad row; nothing imported from" in str(rejected)
    assert rejected.problems == list(plan.problems)


def test_a_penalty_already_recorded_is_a_duplicate(tmp_path):
    penalty = Adjustment(12, 1, 7, 60_000, reason="speeding")
    data = EventData(
        Settings("Plan"),
        stages=(Stage(1, "Loop"),),
        groups=(Group("CAR", "Cars"),),
        entries=(Entry(7, "CAR"),),
        adjustments=(penalty,),
    )
    plan = plan_import(
        data, [_write(tmp_path / "p.csv", "stage,number,amount,reason\n1,7,+1',speeding\n")]
    )
    assert len(plan.problems) == 1 and "duplicate: adjustment 12" in plan.problems[0]


def test_one_row_typed_in_the_desk_is_checked_alike():
    data = EventData(Settings("Plan"), groups=(Group("CAR", "Cars"),))
    assert check_row(data, "stages", {"stage": "3", "name": " Dunes "}) == Stage(3, "Dunes")
