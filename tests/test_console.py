"""The command line on a console that is not UTF-8 (issue 28): cp437 (a Western Windows
console), cp1256 (an Arabic one), ASCII: ``standings`` prints, never a UnicodeEncodeError."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("console") / "demo.rallydesk"
    from rallydesk.demo import write_demo

    write_demo(path)
    return path


def _rallydesk(encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING=encoding, PYTHONUTF8="0")
    return subprocess.run(
        [sys.executable, "-m", "rallydesk", *args], capture_output=True, env=env, timeout=120
    )


@pytest.mark.parametrize("encoding", ["cp437", "cp1256", "ascii"])
@pytest.mark.parametrize("form", ["table", "csv"])
def test_standings_on_a_console_that_is_not_utf8(demo, encoding, form):
    done = _rallydesk(
        encoding, "standings", str(demo), "--stage", "1", "--category", "CAR", "--format", form
    )
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode(encoding)
    assert "EKSTR" in text and "AL-ATTIYAH" in text
    if encoding == "cp437":  # what the console has is kept: Ö exists in cp437
        assert "EKSTRÖM" in text


def test_a_refusal_with_a_name_the_console_lacks(tmp_path):
    missing = tmp_path / "Ekström—2026.rallydesk"
    done = _rallydesk("ascii", "verify", str(missing))
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert b"Ekstr?m?2026" in done.stderr
