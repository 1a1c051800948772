"""The command line as docs/command-line.md fixes it, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rallydesk.cli import main

DATA = Path(__file__).resolve().parents[1] / "rallydesk" / "resources" / "demo" / "dakar2026-cars"
KINDS = ("groups", "stages", "entries", "times", "adjustments")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rallydesk", *args], capture_output=True, text=True, timeout=120
    )


def imported(tmp_path: Path) -> Path:
    ev = tmp_path / "dakar.rallydesk"
    assert main(["new", str(ev), "--name", "Dakar 2026"]) == 0
    assert main(["import", str(ev), *[str(DATA / f"{k}.csv") for k in KINDS]]) == 0
    return ev


def test_help_lists_every_contract_command():
    r = run("--help")
    assert r.returncode == 0
    for cmd in (
        "open",
        "demo",
        "new",
        "import",
        "standings",
        "export",
        "verify",
        "backup",
        "generate",
    ):
        assert cmd in r.stdout


def test_usage_error_is_exit_2():
    r = run("standings")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr


def test_dakar_final_overall_matches_published(tmp_path, capsys):
    ev = imported(tmp_path)
    capsys.readouterr()
    assert main(["standings", str(ev), "--stage", "13", "--overall", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scope"] == "overall" and out["category"] == "CAR" and out["group"] is None
    top = [(r["number"], r["time_ms"], r["gap_ms"]) for r in out["rows"][:6]]
    # published: Al-Attiyah 48h56'53", Roma +9'42", Ekström +14'33", Loeb +15'10", Sainz +28'30", Moraes +47'50"
    hms = lambda h, m, s: ((h * 60 + m) * 60 + s) * 1000  # noqa: E731
    total = hms(48, 56, 53)
    assert top == [
        (299, total, 0),
        (227, total + hms(0, 9, 42), hms(0, 9, 42)),
        (226, total + hms(0, 14, 33), hms(0, 14, 33)),
        (219, total + hms(0, 15, 10), hms(0, 15, 10)),
        (225, total + hms(0, 28, 30), hms(0, 28, 30)),
        (223, total + hms(0, 47, 50), hms(0, 47, 50)),
    ]
    nc = {n["number"]: n for n in out["not_classified"]}
    assert nc[201]["status"] == "RET" and nc[201]["stage"] == 4 and "steering" in nc[201]["reason"]


def test_table_prints_dakar_style(tmp_path, capsys):
    ev = imported(tmp_path)
    capsys.readouterr()
    assert main(["standings", str(ev), "--stage", "13", "--overall"]) == 0
    out = capsys.readouterr().out
    assert "48h 56' 53''" in out
    assert "+ 00h 09' 42''" in out
    assert "Nasser AL-ATTIYAH (QAT) / Fabian LURQUIN (BEL)" in out


def test_prologue_in_tenths(tmp_path, capsys):
    ev = imported(tmp_path)
    capsys.readouterr()
    assert main(["standings", str(ev), "--stage", "0"]) == 0
    out = capsys.readouterr().out
    assert "10' 48''7" in out


def test_stage_5_stock_class(tmp_path, capsys):
    ev = imported(tmp_path)
    capsys.readouterr()
    assert main(["standings", str(ev), "--stage", "5", "--group", "T2", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["group"] == "T2"
    assert [(r["position"], r["number"]) for r in out["rows"]] == [(1, 502), (2, 500), (3, 504)]
    assert out["rows"][1]["gap_ms"] == 37_000  # Peterhansel +37 s (Headliner)
    assert out["rows"][0]["category_position"] > 1


def test_bad_times_file_rejected_whole(tmp_path, capsys):
    ev = imported(tmp_path)
    before = (
        subprocess.run(
            ["sqlite3", str(ev), ".dump stage_times"], capture_output=True, text=True
        ).stdout
        if _has_sqlite3()
        else None
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "stage,number,elapsed\n13,228,0:47:00\n13,299,0:4x:00\n99,299,1:00:00\n13,777,1:00:00\n"
    )
    capsys.readouterr()
    assert main(["import", str(ev), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "3 bad rows" in err and "nothing imported" in err
    assert "line 3, column 'elapsed'" in err and "'0:4x:00'" in err and "accepted forms" in err
    assert "line 4" in err and "stage 99" in err
    assert "line 5" in err and "777" in err
    # the good row 13,228 was not written either
    from rallydesk.services import Event

    with Event.open(ev) as e:
        assert e.existing_time(13, 228) is None
    if before is not None:
        assert (
            subprocess.run(
                ["sqlite3", str(ev), ".dump stage_times"], capture_output=True, text=True
            ).stdout
            == before
        )


def _has_sqlite3() -> bool:
    import shutil

    return shutil.which("sqlite3") is not None


def test_unknown_group_and_stage_messages(tmp_path, capsys):
    ev = imported(tmp_path)
    capsys.readouterr()
    assert main(["standings", str(ev), "--stage", "3", "--group", "XX"]) == 1
    assert "group 'XX' does not exist" in capsys.readouterr().err
    assert main(["standings", str(ev), "--stage", "42"]) == 1
    assert "stage 42 does not exist" in capsys.readouterr().err


def test_verify_backup_and_generate(tmp_path, capsys):
    ev = imported(tmp_path)
    assert main(["verify", str(ev)]) == 0
    copy = tmp_path / "copy.rallydesk"
    assert main(["backup", str(ev), str(copy)]) == 0
    assert main(["verify", str(copy)]) == 0
    gen_a, gen_b = tmp_path / "a.rallydesk", tmp_path / "b.rallydesk"
    assert main(["generate", str(gen_a), "--entries", "60", "--stages", "5", "--seed", "3"]) == 0
    assert main(["generate", str(gen_b), "--entries", "60", "--stages", "5", "--seed", "3"]) == 0
    capsys.readouterr()
    outs = []
    for g in (gen_a, gen_b):
        assert (
            main(
                [
                    "standings",
                    str(g),
                    "--stage",
                    "4",
                    "--overall",
                    "--group",
                    "CAR",
                    "--format",
                    "json",
                ]
            )
            == 0
        )
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1]
    assert json.loads(outs[0])["rows"]


def test_missing_event_file(tmp_path, capsys):
    assert main(["standings", str(tmp_path / "nope.rallydesk"), "--stage", "1"]) == 1
    assert "no such event file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content", [b"", b"\x00\x01\x02binary", "number;class\n1;T1\n".encode("utf-16")]
)
def test_unreadable_import_files(tmp_path, capsys, content):
    ev = imported(tmp_path)
    bad = tmp_path / "x.csv"
    bad.write_bytes(content)
    capsys.readouterr()
    assert main(["import", str(ev), str(bad)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err


def test_the_domain_says_what_to_name_and_the_command_line_says_how(tmp_path, capsys):
    """The message is the sport's (the desk shows it as is); only the command line names its option."""
    from rallydesk.demo import write_demo
    from rallydesk.domain.classification import classify
    from rallydesk.domain.errors import ChoiceNeeded
    from rallydesk.services import Event

    path = write_demo(tmp_path / "demo.rallydesk")
    with Event.open(path, readonly=True) as ev:
        try:
            classify(ev.data, 3, False, None, None)
        except ChoiceNeeded as exc:
            assert "--" not in str(exc) and exc.what == "group" and "CAR" in exc.choices
        else:
            raise AssertionError("two categories need a choice")
    assert main(["standings", str(path), "--stage", "3"]) == 1
    assert "(--group CODE)" in capsys.readouterr().err
