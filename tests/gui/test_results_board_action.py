"""View > Results board… at the desk: the open event's board started on the address the
official gives, its address in the status bar, the page answering what the desk keyed, stopped
by the same action and when the event closes."""

from __future__ import annotations

import json
import urllib.request

from PySide6.QtWidgets import QInputDialog, QLabel


def _view_action(window, fragment: str):
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == "View":
            for a in top.menu().actions():
                if fragment in a.text().replace("&", ""):
                    return a
    raise AssertionError(fragment)


def test_the_board_starts_and_stops_from_the_view_menu(qtbot, window, monkeypatch):
    asked = []

    def answer(parent, title, label, text=""):
        asked.append(text)
        return "127.0.0.1:0", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    action = _view_action(window, "Results board")
    action.trigger()
    assert asked == ["127.0.0.1:8080"]  # this computer only, unless told
    board = window.results_board
    assert action.isChecked() and board.address is not None
    labels = [w.text() for w in window.statusBar().findChildren(QLabel)]
    assert f"Results board: {board.address}" in labels
    with urllib.request.urlopen(board.address + "api/standings?stage=2&group=CAR", timeout=10) as r:
        rows = json.loads(r.read())["rows"]
    assert [r["number"] for r in rows] == [201, 202, 501]
    action.trigger()
    assert not action.isChecked() and board.address is None
    assert "Results board: " not in " ".join(
        w.text() for w in window.statusBar().findChildren(QLabel) if w.isVisible()
    )


def test_a_refused_address_says_why_and_leaves_it_off(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    told = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("nowhere:port", True))
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: told.append(text))
    action = _view_action(window, "Results board")
    action.trigger()
    assert not action.isChecked() and window.results_board.board is None
    assert "expected an address and a port" in told[0]


def test_closing_the_event_stops_the_board(qtbot, window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("127.0.0.1:0", True))
    action = _view_action(window, "Results board")
    action.trigger()
    assert window.results_board.board is not None
    window.close_event()
    assert window.results_board.board is None and not action.isChecked()
