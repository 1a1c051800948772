"""Issue 22 by the command line: `rallydesk publish` says what it posted and refuses crews with
neither a time nor a status unless --allow-untimed; `officials list` says when there are none."""

from __future__ import annotations

import pytest

from rallydesk.cli import main
from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.services import Event


@pytest.fixture
def event_file(tmp_path):
    """Stage 1: 201–206 timed (202 second); stage 2: 201 and 203 timed, 204 DNF, 206 RET on
    stage 1 (out of the event), 202 and 205 with nothing at all."""
    path = tmp_path / "baja.rallydesk"
    with Event.create(path, "Baja") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_stage(Stage(1, "Hail – Hail"))
        ev.put_stage(Stage(2, "Hail – Riyadh"))
        for n in range(201, 207):
            ev.put_entry(Entry(n, "T1", (CrewMember("driver", f"Driver {n}", "FRA"),)))
        for n in range(201, 206):
            ev.record_time(1, n, elapsed=f"3:0{n - 200}:00")
        ev.record_time(1, 206, status="RET", reason="engine")
        ev.record_time(2, 201, elapsed="2:00:00")
        ev.record_time(2, 203, elapsed="2:01:00")
        ev.record_time(2, 204, status="DNF", reason="gearbox")
    return str(path)


def publish(event_file, *more):
    return main(["publish", event_file, "--stage", "2", "--category", "CAR", *more])


def test_publish_refuses_crews_without_a_time_or_status_naming_them(event_file, capsys):
    assert publish(event_file, "--as", "provisional") == 1
    err = capsys.readouterr().err
    assert "2 crew(s) have neither a time nor a status (#202, #205)" in err
    assert "#202 Driver 202 (FRA) (P2 after stage 1)" in err  # gone from the overall, named
    assert "--allow-untimed" in err and "Traceback" not in err
    assert "#204" not in err and "#206" not in err  # a DNF and a crew out before: accounted for
    with Event.open(event_file, readonly=True) as ev:
        assert ev.versions() == []  # nothing published
    assert publish(event_file, "--as", "provisional", "--allow-untimed") == 0
    err = capsys.readouterr().err
    assert "2 crew(s) timed, 2 without a time, 2 not classified" in err
    assert "#202 Driver 202 (FRA): P2 after stage 1, not classified now" in err
    assert "PROVISIONAL v1" in err


def test_publish_goes_through_once_every_crew_is_accounted_for(event_file, capsys):
    with Event.open(event_file) as ev:
        ev.record_time(2, 202, elapsed="2:02:00")
        ev.record_time(2, 205, status="DNS", reason="crash on liaison")
    assert publish(event_file, "--as", "provisional") == 0
    err = capsys.readouterr().err
    assert "3 crew(s) timed, 0 without a time, 3 not classified" in err
    assert "#205 Driver 205 (FRA): P5 after stage 1, not classified now (DNS" in err


def test_many_untimed_crews_are_counted_and_the_first_named(tmp_path, capsys):
    path = tmp_path / "big.rallydesk"
    with Event.create(path, "Big") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_stage(Stage(1, "One"))
        for n in range(300, 350):
            ev.put_entry(Entry(n, "T1", (CrewMember("driver", f"D {n}", "FRA"),)))
        ev.record_time(1, 300, elapsed="1:00:00")
    assert main(["publish", str(path), "--stage", "1", "--as", "provisional"]) == 1
    err = capsys.readouterr().err
    assert "49 crew(s) have neither a time nor a status (#301, #302" in err
    assert "#310, … 39 more)" in err


def test_officials_list_says_when_there_are_none(event_file, capsys):
    assert main(["officials", event_file, "list"]) == 0
    out = capsys.readouterr()
    assert out.out == ""  # a script reading the list reads no line
    assert "no officials yet" in out.err and "--role clerk" in out.err
    assert (
        main(["officials", event_file, "add", "Ana CLERK", "--role", "clerk", "--pin", "3333"]) == 0
    )
    capsys.readouterr()
    assert main(["officials", event_file, "list"]) == 0
    out = capsys.readouterr()
    assert out.out == "Ana CLERK\tclerk\n" and out.err == ""


def test_a_stage_cancelled_for_the_category_has_no_crew_without_a_time(event_file, capsys):
    with Event.open(event_file) as ev:
        ev.put_stage(Stage(2, "Hail – Riyadh", cancelled_for=frozenset({"CAR"})))
        assert ev.publish_check(2, "CAR").untimed == ()
        assert ev.unit_state(2, "CAR")["untimed"] == 0
    assert publish(event_file, "--as", "provisional") == 0
