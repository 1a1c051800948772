"""A second launch hands its event to the window already open, which comes to the front."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket

from rallydesk.gui.single import InstanceServer, server_name


@pytest.fixture
def serving(window):
    """The running desk: the window from conftest, listening like ``run()`` makes it."""
    server = InstanceServer(parent=window)
    server.requested.connect(window.open_requested)
    assert server.listen()
    window.close_event()  # the welcome screen: nothing open yet
    yield server
    server.close()


def test_the_name_is_per_user_and_per_data_folder(monkeypatch, tmp_path):
    first = server_name()
    monkeypatch.setenv("RALLYDESK_DATA", str(tmp_path / "other"))
    assert server_name() != first and Path(server_name()).name.startswith("rallydesk-")


def test_a_client_hands_a_path_to_the_running_window(qtbot, window, serving, small_event):
    client = QLocalSocket()
    client.connectToServer(serving.name)
    assert client.waitForConnected(2000)
    client.write(json.dumps({"open": str(small_event)}).encode() + b"\n")
    client.flush()
    qtbot.waitUntil(lambda: window.rally_event is not None, timeout=5000)
    assert window.rally_event.path.resolve() == small_event.resolve()
    qtbot.waitUntil(
        lambda: client.bytesAvailable() > 0 or client.waitForReadyRead(10), timeout=5000
    )
    assert bytes(client.readAll().data()).startswith(b"ok")
    client.disconnectFromServer()


def test_garbage_on_the_socket_is_answered_and_ignored(qtbot, window, serving):
    client = QLocalSocket()
    client.connectToServer(serving.name)
    assert client.waitForConnected(2000)
    client.write(b"not json\n")
    client.flush()
    qtbot.waitUntil(
        lambda: client.bytesAvailable() > 0 or client.waitForReadyRead(10), timeout=5000
    )
    assert bytes(client.readAll().data()).startswith(b"bad")
    assert window.rally_event is None


def test_rallydesk_open_in_a_second_process_hands_over_and_exits(
    qtbot, window, serving, small_event
):
    """The real command line in another process; this process's event loop is the running desk."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rallydesk", "open", str(small_event)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20_000)
    finally:
        if proc.poll() is None:
            proc.kill()
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "handed over" in err
    qtbot.waitUntil(lambda: window.rally_event is not None, timeout=5000)
    assert window.rally_event.path.resolve() == small_event.resolve()


def test_with_nobody_listening_the_hand_over_fails_fast(qtbot, tmp_path):
    from rallydesk.gui.single import hand_over

    assert hand_over(None, name=f"rallydesk-test-nobody-{os.getpid()}", timeout_ms=500) is False


def test_a_stale_socket_is_taken_over(qtbot, window):
    first = InstanceServer(name=f"rallydesk-test-stale-{os.getpid()}", parent=window)
    assert first.listen()
    second = InstanceServer(name=first.name, parent=window)  # as if the first had died
    assert second.listen()
    second.close()
    first.close()


def test_a_bare_event_path_means_open(tmp_path, capsys):
    """What a double-click runs on Windows and Linux: ``RallyDesk FILE``."""
    from rallydesk.cli import main

    assert main([str(tmp_path / "missing.rallydesk")]) == 1
    assert "missing.rallydesk: no such event file" in capsys.readouterr().err


def test_a_hand_over_waits_for_an_open_modal_dialog(qtbot, window, small_event):
    """The import dialog works on the open event: the new one opens only once it is closed."""
    from PySide6.QtWidgets import QDialog

    window.close_event()
    dialog = QDialog(window)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.isVisible())
    try:
        from PySide6.QtWidgets import QApplication

        if QApplication.activeModalWidget() is None:
            pytest.skip("this platform plugin reports no active modal widget")
        window.open_requested(str(small_event))
        qtbot.wait(100)
        assert window.rally_event is None
    finally:
        dialog.close()
        dialog.deleteLater()
    qtbot.waitUntil(lambda: window.rally_event is not None, timeout=5000)
    assert window.rally_event.path.resolve() == small_event.resolve()
