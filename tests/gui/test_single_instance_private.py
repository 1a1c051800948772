"""Another local user cannot swallow ``rallydesk open EVENT`` (issue 21, item 11): the socket is in
a folder of the user's own, and the new launch hands over only to a socket its user owns, served
by a process of its user, that acknowledges; otherwise it opens its own window.

The other user is played by a child process that drops to ``nobody`` (so: root and Linux only),
listening wherever it can and answering "ok" to every hand-over, as the attack did."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path

import pytest

from rallydesk.gui import single
from rallydesk.paths import data_dir, login_name

NOBODY = 65534

pytestmark = [
    pytest.mark.posix(reason="another user played by a forked process (os.fork, setuid, chown)"),
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or os.name != "posix" or os.geteuid() != 0,
        reason="another user is played by a process that drops from root to nobody (Linux)",
    ),
]


@pytest.fixture
def shared_tmp(monkeypatch):
    """A temporary folder as /tmp is (1777: everyone may make things in it), for this test."""
    base = Path(tempfile.mkdtemp(prefix="rd", dir="/tmp"))
    os.chmod(base, 0o1777)
    monkeypatch.setenv("TMPDIR", str(base))
    monkeypatch.setattr(tempfile, "tempdir", str(base))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("RALLYDESK_INSTANCE", raising=False)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _predictable_name() -> str:
    """The name every desk used before: /tmp/rallydesk-<hash of user and data folder>."""
    digest = hashlib.sha256(f"{login_name()}\0{data_dir()}".encode()).hexdigest()[:16]
    return f"rallydesk-{digest}"


def _impostor(paths: list[Path]) -> int:
    """A process of another user listening at ``paths`` and acknowledging every hand-over."""
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the other user
        try:
            os.close(ready_r)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            servers = []
            for path in paths:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.bind(str(path))
                s.listen(8)
                s.setblocking(False)
                servers.append(s)
            os.write(ready_w, b"r")
            while True:
                for s in servers:
                    try:
                        conn, _ = s.accept()
                    except BlockingIOError:
                        continue
                    conn.settimeout(2)
                    try:
                        conn.recv(65536)
                        conn.sendall(b"ok\n")  # "handed over", and no window anywhere
                    except OSError:
                        pass
                    conn.close()
                time.sleep(0.01)
        finally:
            os._exit(0)
    os.close(ready_w)
    assert os.read(ready_r, 1) == b"r", "the impostor could not listen"
    os.close(ready_r)
    return pid


def _stop(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def test_a_socket_at_the_predictable_name_is_not_handed_over_to(qtbot, shared_tmp):
    pid = _impostor([shared_tmp / _predictable_name()])
    try:
        assert single.hand_over("/events/dakar.rallydesk", timeout_ms=1000) is False
    finally:
        _stop(pid)


def test_a_private_folder_made_by_another_user_is_refused(qtbot, shared_tmp, window):
    planted = shared_tmp / f"rallydesk-{os.getuid()}"  # made first, by the other user
    planted.mkdir()
    os.chown(planted, NOBODY, NOBODY)
    os.chmod(planted, 0o777)
    pid = _impostor([shared_tmp / _predictable_name(), planted / _predictable_name()])
    try:
        assert single.hand_over("/events/dakar.rallydesk", timeout_ms=1000) is False
        server = single.InstanceServer(parent=window)  # the desk opens its own window, unlistened
        assert server.listen() is False
        server.close()
    finally:
        _stop(pid)


def test_only_a_socket_served_by_this_user_is_handed_over_to(qtbot, shared_tmp, window):
    mine = single.private_dir()
    assert mine.stat().st_uid == os.getuid() and mine.stat().st_mode & 0o777 == 0o700
    target = Path(single.server_name())
    os.chmod(mine, 0o777)  # (only so that the other user can put a socket in it)
    pid = _impostor([shared_tmp / _predictable_name(), target])
    os.chmod(mine, 0o700)
    try:
        assert target.stat().st_uid == NOBODY
        assert single.hand_over("/events/dakar.rallydesk", timeout_ms=1000) is False
        os.chown(target, os.getuid(), os.getgid())  # its file looks like ours: the kernel tells
        assert single.hand_over("/events/dakar.rallydesk", timeout_ms=1000) is False
    finally:
        _stop(pid)
    server = single.InstanceServer(parent=window)  # this user's own desk listens there again
    try:
        assert server.listen() and target.stat().st_uid == os.getuid()
    finally:
        server.close()


def test_the_runtime_folder_is_used_only_when_it_is_the_users_own(shared_tmp, monkeypatch):
    runtime = shared_tmp / "run-user"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert Path(single.server_name()).parent == runtime / "rallydesk"
    assert (runtime / "rallydesk").stat().st_mode & 0o777 == 0o700
    os.chown(runtime, NOBODY, NOBODY)  # another user's runtime folder: not trusted
    assert Path(single.server_name()).parent == shared_tmp / f"rallydesk-{os.getuid()}"
