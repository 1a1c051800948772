"""Every operating-system error on a file the command line touches is a message naming the path
and the reason, never an internal error (issue 21, item 14): a read-only or full medium, no
permission, a name too long for the file system, a removed stick."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from loop_event import write_loop_event

from rallydesk.cli import main


def name_max(folder: Path) -> int:
    return int(os.pathconf(folder, "PC_NAME_MAX"))


WORDS = {
    errno.EROFS: "read-only",
    errno.ENOSPC: "disk is full",
    errno.EDQUOT: "quota",
    errno.EACCES: "permission denied",
    errno.EIO: "input/output error",
    errno.ENAMETOOLONG: "too long",
    errno.EMFILE: "too many files open",
}


def _no_internal_error(err: str) -> None:
    assert "internal error" not in err and "Traceback" not in err, err


@pytest.fixture
def refusing_folder(tmp_path, monkeypatch):
    """A folder where creating any file fails with the errno the test sets."""
    folder = tmp_path / "stick"
    folder.mkdir()
    state = {"errno": errno.EROFS}
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        where = Path(os.fsdecode(path)) if not isinstance(path, int) else None
        if where is not None and flags & os.O_CREAT and where.parent == folder:
            code = state["errno"]
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    return folder, state


@pytest.mark.parametrize("code", list(WORDS))
@pytest.mark.parametrize("command", ["backup-folder", "backup-file", "new"])
def test_an_os_error_on_a_file_is_a_clear_message(tmp_path, capsys, refusing_folder, command, code):
    folder, state = refusing_folder
    event = tmp_path / "e.rallydesk"
    write_loop_event(event)
    state["errno"] = code
    argv = {
        "backup-folder": ["backup", str(event), str(folder)],
        "backup-file": ["backup", str(event), str(folder / "copy.rallydesk")],
        "new": ["new", str(folder / "n.rallydesk"), "--name", "N"],
    }[command]
    assert main(argv) == 1
    err = capsys.readouterr().err
    _no_internal_error(err)
    assert str(folder) in err and WORDS[code] in err, err
    assert [p for p in folder.iterdir() if p.name != "rallydesk-anchors.jsonl"] == []


def test_the_longest_names_work_or_are_refused_in_words(tmp_path, capsys):
    limit = name_max(tmp_path)
    long_event = tmp_path / ("b" * (limit - 9 - len(".rallydesk")) + ".rallydesk")  # 246
    assert main(["new", str(long_event), "--name", "Long"]) == 0
    for argv in (
        ["verify", str(long_event)],
        ["backup", str(long_event), str(tmp_path)],  # the time-stamped name is shortened
        ["standings", str(long_event), "--stage", "1"],
    ):
        code = main(argv)
        err = capsys.readouterr().err
        _no_internal_error(err)
        if argv[0] != "standings":
            assert code == 0, err
    copies = [p for p in tmp_path.iterdir() if p.name.endswith(".rallydesk") and p != long_event]
    assert len(copies) == 1 and len(copies[0].name.encode()) <= limit
    assert main(["restore", str(copies[0]), str(long_event)]) == 0
    capsys.readouterr()
    too_long = tmp_path / ("c" * (limit - 5 - len(".rallydesk")) + ".rallydesk")  # 250
    much_too_long = tmp_path / ("d" * limit + ".rallydesk")
    for name in (too_long, much_too_long):
        assert main(["new", str(name), "--name", "Too long"]) == 1
        err = capsys.readouterr().err
        _no_internal_error(err)
        assert "too long" in err and "unable to open database file" not in err, err
        assert not os.path.lexists(name)
    assert main(["verify", str(much_too_long)]) == 1
    err = capsys.readouterr().err
    _no_internal_error(err)
