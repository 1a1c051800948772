"""Issue 12 by the command line: the README's cycle, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rallydesk.cli import main
from rallydesk.store.verify import verify

FILES = {
    "groups.csv": "code,name,parent\nCAR,Cars,\nT1,Ultimate,CAR\n",
    "stages.csv": "stage,name,date\n1,Yanbu – AlUla,2026-01-04\n",
    "entries.csv": "number,class,driver,team\n201,T1,Nasser AL-ATTIYAH,Dacia\n202,T1,Carlos SAINZ,Ford\n"
    "203,T1,Mattias EKSTRÖM,Ford\n",
    "times.csv": "stage,number,elapsed\n1,201,3:08:29\n1,202,3:09:12\n1,203,3:10:05\n",
    "penalty.csv": "stage,number,amount,reason,article,decision,decided_at\n"
    "1,201,+1',speeding,12.3,14,2026-01-04T18:42:00+03:00\n",
    "penalty2.csv": "stage,number,amount,reason,decision\n1,202,+2',missed waypoint,15\n",
}
RITA = ["--official", "Rita RESULTS", "--pin", "2222"]
ANA = ["--official", "Ana CLERK", "--pin", "3333"]
UNIT = ["--stage", "1", "--category", "CAR"]


def test_the_whole_cycle_by_the_command_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in FILES.items():
        Path(name).write_text(text, encoding="utf-8")
    ev = "dakar.rallydesk"
    assert (
        main(
            [
                "new",
                ev,
                "--name",
                "Dakar 2026",
                "--timezone",
                "Asia/Riyadh",
                "--document-prefix",
                "D26-",
            ]
        )
        == 0
    )
    for name, role, pin in (
        ("Tim KEEPER", "timekeeper", "1111"),
        ("Rita RESULTS", "results-manager", "2222"),
        ("Ana CLERK", "clerk", "3333"),
    ):
        assert main(["officials", ev, "add", name, "--role", role, "--pin", pin]) == 0
    capsys.readouterr()
    assert main(["officials", ev, "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Ana CLERK\tclerk",
        "Rita RESULTS\tresults-manager",
        "Tim KEEPER\ttimekeeper",
    ]
    assert main(["import", ev, "groups.csv", "stages.csv", "entries.csv", "times.csv"]) == 1
    assert "log in as a results manager" in capsys.readouterr().err
    assert main(["import", ev, "groups.csv", "stages.csv", "entries.csv", "times.csv", *RITA]) == 0
    assert (
        main(
            [
                "publish",
                ev,
                *UNIT,
                "--as",
                "provisional",
                "--official",
                "Tim KEEPER",
                "--pin",
                "1111",
            ]
        )
        == 1
    )
    assert "needs a results manager" in capsys.readouterr().err
    assert main(["publish", ev, *UNIT, "--as", "provisional", *RITA]) == 0
    assert "PROVISIONAL v1, document D26-0001" in capsys.readouterr().err
    assert main(["import", ev, "penalty.csv", *RITA]) == 0  # a penalty arrives
    assert main(["publish", ev, *UNIT, "--as", "official", *ANA]) == 1
    assert "publish provisional v2 first" in capsys.readouterr().err  # v1 is outdated
    assert main(["publish", ev, *UNIT, "--as", "provisional", *RITA]) == 0
    assert main(["publish", ev, *UNIT, "--as", "official", *ANA]) == 0
    assert "OFFICIAL v3" in capsys.readouterr().err
    assert main(["import", ev, "penalty2.csv", *RITA]) == 1
    assert "needs the clerk of the course" in capsys.readouterr().err
    assert main(["import", ev, "penalty2.csv", *ANA]) == 0
    assert main(["amend", ev, *UNIT, "--reason", "decision 15: missed waypoint", *ANA]) == 0
    assert "AMENDED v4, document D26-0004" in capsys.readouterr().err
    assert main(["diff", ev, *UNIT, "--from", "3", "--to", "4"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "stage 1: v3 -> v4: 3 entries changed"
    assert "#202: stage position 1 -> 3" in out and "adjustment.add (missed waypoint)" in out
    assert main(["diff", ev, *UNIT, "--from", "3", "--to", "4", "--format", "json"]) == 0
    assert [d["number"] for d in json.loads(capsys.readouterr().out)] == [201, 202, 203]
    assert main(["versions", ev, "--format", "json"]) == 0
    versions = json.loads(capsys.readouterr().out)
    assert [(v["version"], v["status"], v["official"]) for v in versions] == [
        (1, "provisional", "Rita RESULTS"),
        (2, "provisional", "Rita RESULTS"),
        (3, "official", "Ana CLERK"),
        (4, "amended", "Ana CLERK"),
    ]
    assert all(v["published_at"].endswith("+03:00") for v in versions)  # the event's time zone
    assert main(["versions", ev, "--stage", "1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 5
    assert (
        main(["export", ev, "v1.xlsx", "--stage", "1", "--version", "1"]) == 0
    )  # (a PDF would make a QGuiApplication)
    assert main(["journal", ev, "--official", "Ana CLERK", "--kind", "publication"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert verify(ev) == []


def test_new_commands_are_in_the_help_and_a_wrong_pin_is_exit_1(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "rallydesk", "--help"], capture_output=True, text=True, timeout=60
    )
    for cmd in ("officials", "publish", "amend", "versions", "diff"):
        assert cmd in r.stdout
    ev = tmp_path / "e.rallydesk"
    assert main(["new", str(ev), "--name", "E"]) == 0
    assert main(["officials", str(ev), "add", "Ana CLERK", "--role", "clerk", "--pin", "3333"]) == 0
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "rallydesk",
            "publish",
            str(ev),
            "--stage",
            "1",
            "--as",
            "official",
            "--official",
            "Ana CLERK",
            "--pin",
            "1234",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        r.returncode == 1 and "wrong PIN for Ana CLERK" in r.stderr and "Traceback" not in r.stderr
    )
    with pytest.raises(SystemExit) as usage:
        main(["officials", str(ev), "add", "Bob", "--role", "boss", "--pin", "1"])
    assert usage.value.code == 2
    assert main(["officials", str(ev), "add", "Bob", "--role", "clerk", "--pin", "12"]) == 1
    assert main(["officials", str(ev), "remove", "Ana CLERK"]) == 0
