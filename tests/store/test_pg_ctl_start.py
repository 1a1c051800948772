"""``pg_ctl start`` leaves the server running: its output must not go to pipes the server
inherits (issue 28: on Windows the call then waited for its 180 s timeout and failed)."""

from __future__ import annotations

import subprocess
import sys
import time
from types import SimpleNamespace

from rallydesk.server import cluster, programs


def test_a_program_that_leaves_a_child_returns_with_its_output(tmp_path):
    # the program prints, starts a child that keeps its stdout and stderr for a minute, exits
    script = (
        "import subprocess, sys\n"
        "print('waiting for server to start.... done')\n"
        "sys.stdout.flush()\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
    )
    began = time.monotonic()
    done = programs._run(
        [sys.executable, "-c", script], programs.Account(), tmp_path, leaves_a_child=True
    )
    assert time.monotonic() - began < 50  # it did not wait for the child (60 s)
    assert done.returncode == 0
    assert "server to start" in done.stdout


def test_server_start_runs_pg_ctl_without_pipes(tmp_path, monkeypatch):
    calls: list[dict[str, object]] = []

    def fake_run(argv, **kwargs):
        calls.append(kwargs)
        return subprocess.CompletedProcess(argv, 0, "", "")

    monkeypatch.setattr(programs.subprocess, "run", fake_run)
    server = SimpleNamespace(
        directory=tmp_path, data=tmp_path, log=tmp_path / "server.log", port=5999, listen="local"
    )
    states = iter(
        [
            SimpleNamespace(running=False, server=server, port=5999),
            SimpleNamespace(running=True, server=server, port=5999, notes=()),
        ]
    )
    monkeypatch.setattr(cluster, "status", lambda directory: next(states))
    monkeypatch.setattr(cluster, "_account_for", lambda s: programs.Account())
    monkeypatch.setattr(cluster, "_check_port", lambda port, listen: None)
    monkeypatch.setattr(cluster.tls, "check_at_start", lambda *a: [])
    monkeypatch.setattr(cluster, "find_tools", lambda: programs.Tools("initdb", "pg_ctl", "psql"))
    monkeypatch.setattr(cluster.dataclasses, "replace", lambda obj, **kw: obj)
    cluster.start(tmp_path)
    (call,) = calls
    assert call["stdout"] not in (subprocess.PIPE, None)
    assert call["stderr"] is subprocess.STDOUT
    assert call["stdin"] is subprocess.DEVNULL
    assert "capture_output" not in call
