"""A native abort leaves the Python stacks in the log folder (issue 28: a Qt abort left
nothing): faulthandler writes to rallydesk-faults.log from the moment the desk starts."""

from __future__ import annotations

import os
import subprocess
import sys

from rallydesk.logs import FAULTS_NAME


def test_a_native_crash_leaves_its_stack_in_the_fault_log(tmp_path):
    code = (
        "import faulthandler, sys\n"
        "from pathlib import Path\n"
        "from rallydesk.logs import enable_fault_log\n"
        "def keying_a_time():\n"
        "    faulthandler._sigsegv()\n"
        "enable_fault_log(Path(sys.argv[1]))\n"
        "keying_a_time()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, timeout=60
    )
    assert done.returncode != 0
    text = (tmp_path / FAULTS_NAME).read_text(encoding="utf-8")
    assert "Fatal Python error" in text and "keying_a_time" in text


def test_the_desk_enables_the_fault_log_when_it_starts(tmp_path):
    env = dict(os.environ, RALLYDESK_DATA=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "rallydesk", "--screenshot", str(tmp_path / "shot.png")],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert (tmp_path / "data" / "logs" / FAULTS_NAME).is_file()
