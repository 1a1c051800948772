"""View > Results board… for an event on a server (issue 27): the desk starts the board of the
server event it has open, with its own login (the password its connection holds: this computer
has no credential store here, so the password is nowhere else), the board answers what the
server holds and follows another desk's commits; stopped from the menu it frees its port, and
closing the window stops it. The password is in no address shown, no log line and no file.
Against a real ``rallydesk server init`` server (scram-sha-256 passwords)."""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from menu_walk import window_actions
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QMessageBox

import rallydesk
from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.gui.main_window import MainWindow
from rallydesk.paths import data_dir
from rallydesk.services import Event, credentials

#: another desk's connection appears on the board within this (the brief's bound)
FOLLOW_SECONDS = 5.0


@pytest.fixture
def no_credential_store():
    """The desk keeps no password anywhere: only its open connection knows it."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    assert credentials.available() is False
    yield
    keyring.set_keyring(before)


def _baja(ev) -> None:
    ev.put_group(Group("CAR", "Cars"))
    ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
    ev.put_group(Group("T2", "Stock", "class", "CAR"))
    ev.put_stage(Stage(1, "Loop"))
    for n, cls in ((201, "T1"), (202, "T1"), (203, "T2")):
        ev.put_entry(Entry(n, cls, (CrewMember("driver", f"Driver {n}"),)))
    ev.record_time(1, 201, elapsed="3:00:00")
    ev.record_time(1, 202, elapsed="2:58:00")


def _action(w: MainWindow, name: str):
    return dict(window_actions(w))[name]


def _desk_connected(qtbot, login, role: str) -> MainWindow:
    """The real window, connected by File > Connect to server… with the role's password typed."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    _action(w, "File > Connect to server").trigger()
    dialog = w.connector.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    url = login.desk_url(role)
    QApplication.clipboard().setText(url)  # the administrator's printout, pasted
    QTest.keyClick(dialog.host, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.password.text() == login.desks[role]
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.rally_event is not None, timeout=15_000)
    assert w.rally_event.on_server and w.rally_event.store.db.role == role
    return w


def _start_board(w: MainWindow, monkeypatch, listen: str = "127.0.0.1:0") -> str:
    told: list[str] = []  # a refusal is said in a message box: kept here, not shown modal
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (listen, True))
    action = _action(w, "View > Results board")
    action.trigger()
    address = w.results_board.address
    assert not told and action.isChecked() and address is not None, told
    return address


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read()


def _port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except ConnectionRefusedError:
        return False


def _files_under(folder: Path):
    for root, _, names in os.walk(folder):
        for name in names:
            yield Path(root) / name


def test_the_desk_serves_its_server_event_and_follows_another_desk(
    qtbot, event_server, no_credential_store, monkeypatch, log_path
):
    login = event_server.add_event(_baja)
    password = login.desks["results-manager"]
    w = _desk_connected(qtbot, login, "results-manager")
    shown_url = str(w.rally_event.path)
    assert password not in shown_url
    # the URL the desk shows lets nobody in: the board can only read with the desk's own login
    with pytest.raises(RallyDeskError):
        Event.open(shown_url, readonly=True).close()

    address = _start_board(w, monkeypatch)
    query = "api/standings?stage=1&group=CAR"
    monkeypatch.setenv("RALLYDESK_DESK", "finish-line")
    other = rallydesk.open_event(login.desk_url("timekeeper"))  # ANOTHER desk's connection
    try:
        got = json.loads(_get(address + query))
        assert got["rows"] == other.standings(1, False, "CAR")
        assert [r["number"] for r in got["rows"]] == [202, 201]
        other.record_time(stage=1, number=203, elapsed="2:59:00")
        deadline = time.monotonic() + FOLLOW_SECONDS
        while [r["number"] for r in json.loads(_get(address + query))["rows"]] != [202, 203, 201]:
            assert time.monotonic() < deadline, "the board did not follow the other desk"
            time.sleep(0.05)
        assert json.loads(_get(address + query))["rows"] == other.standings(1, False, "CAR")
    finally:
        other.close()

    # the password: in no address or text the desk shows, no page, no log line, no file
    shown = [lab.text() for lab in w.statusBar().findChildren(QLabel)]
    assert f"Results board: {address}" in shown
    assert not any(password in text for text in [*shown, w.statusBar().currentMessage()])
    assert password.encode() not in _get(address + "index.html")
    _action(w, "View > Results board").trigger()
    w.close()
    for handler in logging.getLogger("rallydesk").handlers:
        handler.flush()
    assert "read-only (a reader of this desk's)" in log_path.read_text(encoding="utf-8")
    for path in _files_under(data_dir()):
        assert password.encode() not in path.read_bytes(), path


def test_stopping_the_board_frees_its_port_and_closing_the_window_stops_it(
    qtbot, event_server, no_credential_store, monkeypatch
):
    login = event_server.add_event(_baja)
    w = _desk_connected(qtbot, login, "timekeeper")
    address = _start_board(w, monkeypatch)
    port = int(address.rsplit(":", 1)[1].strip("/"))
    assert _port_answers(port)
    feed = w.results_board.board.feed
    action = _action(w, "View > Results board")
    action.trigger()  # stopped from the menu
    assert not action.isChecked() and w.results_board.board is None
    assert not _port_answers(port) and not feed._thread.is_alive()
    # the same port again, at once: it was freed
    assert _start_board(w, monkeypatch, f"127.0.0.1:{port}") == address
    assert json.loads(_get(address + "api/standings?stage=1&group=CAR"))["rows"]
    w.close()  # the window closed: the board stops with it
    assert w.results_board.board is None and not _port_answers(port)
    with pytest.raises(urllib.error.URLError):
        _get(address + "index.html")
