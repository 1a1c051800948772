"""Issue 21, item 10: a sheet (PDF, workbook) is written whole or not at all.

A full disk (a real 64 KiB tmpfs when this runs as root, else skipped), and every OSError the
lowest write can meet (simulated): a clear message naming the file and the cause, exit 1, no
partial file, no temporary file left, an existing file of that name unchanged."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from rallydesk.cli import main
from rallydesk.generate import write_generated
from rallydesk.io import output


@pytest.fixture(scope="module")
def event(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("full") / "g.rallydesk"
    write_generated(path, 60, 3, 1)
    return path


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KiB file system of its own, unmounted afterwards."""
    where = tmp_path / "small"
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.decode().strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def fill(folder: Path, leave: int) -> None:
    """Fill the file system but ``leave`` bytes."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    with open(folder / "filler", "wb") as fh:
        fh.write(b"x" * max(0, free - leave))


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_a_full_disk_is_a_clear_refusal_and_leaves_nothing(event, small_disk, capsys, suffix):
    out = small_disk / f"sheets{suffix}"
    out.write_bytes(b"the sheets printed yesterday")
    fill(small_disk, leave=8 * 1024)
    capsys.readouterr()
    assert main(["export", str(event), str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{out}: cannot write the" in err and "the disk is full" in err, err
    assert "wrote" not in err and "Traceback" not in err and "Exception ignored" not in err
    assert out.read_bytes() == b"the sheets printed yesterday"  # never replaced by half a file
    assert leftovers(small_disk, {out.name, "filler"}) == []


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_a_new_file_on_a_full_disk_is_not_created(event, small_disk, capsys, suffix):
    out = small_disk / f"new{suffix}"
    fill(small_disk, leave=4 * 1024)
    assert main(["export", str(event), str(out)]) == 1
    assert "the disk is full" in capsys.readouterr().err
    assert leftovers(small_disk, {"filler"}) == []


FAULTS = [
    (errno.ENOSPC, "the disk is full"),
    (errno.EROFS, "the medium is read-only"),
    (errno.EACCES, "permission denied"),
    (errno.EIO, "the disk reported an error"),
]


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
@pytest.mark.parametrize("code,words", FAULTS, ids=[errno.errorcode[c] for c, _ in FAULTS])
def test_every_fault_of_the_lowest_write_is_a_clear_refusal(
    event, tmp_path, capsys, monkeypatch, suffix, where, code, words
):
    out = tmp_path / f"sheets{suffix}"
    out.write_bytes(b"yesterday")

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(output.os, where, fail)
    capsys.readouterr()
    code_ = main(["export", str(event), str(out)])
    err = capsys.readouterr().err
    assert code_ == 1, err
    assert f"{out}: cannot write the" in err and words in err and "Traceback" not in err
    assert out.read_bytes() == b"yesterday"
    assert leftovers(tmp_path, {out.name}) == []


def test_the_size_is_checked_before_the_rename(tmp_path, monkeypatch):
    out = tmp_path / "a.pdf"
    real_stat = os.stat

    class Short:
        st_size = 3

    monkeypatch.setattr(
        output.os, "stat", lambda p, *a, **k: Short() if str(p).endswith(".pdf") else real_stat(p)
    )
    with pytest.raises(Exception, match="cannot write the PDF .*the disk reported an error"):
        output.write_whole(out, b"%PDF-1.4 whole file", "PDF")
    monkeypatch.undo()
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_sheet_still_writes_whole_where_there_is_room(event, tmp_path):
    for suffix in (".pdf", ".xlsx"):
        out = tmp_path / f"ok{suffix}"
        assert main(["export", str(event), str(out)]) == 0
        assert out.stat().st_size > 1000
    assert (tmp_path / "ok.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    assert leftovers(tmp_path, {"ok.pdf", "ok.xlsx"}) == []
