"""File > Connect to server… (issue 23, items 1 and 6): an official connects from the desk's
dialog by keystrokes, keys, sees another desk's result; the password is kept by the (fake)
credential store, never in the settings; Recent reopens the event without a password in it;
the status bar names server, event, role, desk and the other desks online; Help > Server lists
the desks. Against a real ``rallydesk server init`` server (scram-sha-256 passwords)."""

from __future__ import annotations

import logging

import keyring
import keyring.backend
import pytest
from menu_walk import window_actions
from pg_server import other_authority
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import rallydesk
from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.gui.main_window import MainWindow
from rallydesk.gui.preferences import Preferences
from rallydesk.gui.server_desks import ServerDialog
from rallydesk.paths import settings_dir
from rallydesk.services import connection, credentials


class MemoryKeyring(keyring.backend.KeyringBackend):
    """The credential store of the tests: in memory (no Secret Service on a CI machine)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        import keyring.errors

        if self.kept.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    kept = MemoryKeyring()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(before)


def _baja(ev) -> None:
    ev.put_group(Group("CAR", "Cars"))
    ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
    ev.put_stage(Stage(1, "Loop"))
    for n in (201, 202, 203):
        ev.put_entry(Entry(n, "T1", (CrewMember("driver", f"Driver {n}"),)))


def _window(qtbot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    return w


def _connect_by_keys(qtbot, w: MainWindow, host: str, port: int, event: str, role: str, pw: str):
    """Ctrl+Shift+O, then the fields typed as an official types them, Tab between, Enter."""
    action = dict(window_actions(w))["File > Connect to server"]
    assert action.shortcut().toString() == "Ctrl+Shift+O"
    QTest.keyClick(
        w, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = w.connector.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.host, timeout=3000)
    for text in (host, str(port), event, role, pw):
        focus = QApplication.focusWidget()
        QTest.keyClicks(focus, text)
        if focus is not dialog.password:
            QTest.keyClick(focus, Qt.Key.Key_Tab)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    return dialog


def _key(entry, number: str, time: str) -> None:
    QTest.keyClicks(entry.number, number)
    QTest.keyClick(entry.number, Qt.Key.Key_Return)
    QTest.keyClicks(entry.time, time)
    QTest.keyClick(entry.time, Qt.Key.Key_Return)


def test_connect_by_keystrokes_key_see_another_desk_and_reopen_from_recent(
    qtbot, event_server, memory_keyring, monkeypatch, log_path
):
    login = event_server.add_event(_baja)
    password = login.desks["results-manager"]
    w = _window(qtbot)
    dialog = _connect_by_keys(qtbot, w, "127.0.0.1", event_server.port, login.name, "r", password)
    qtbot.waitUntil(lambda: w.rally_event is not None, timeout=15_000)
    assert not dialog.isVisible()
    ev = w.rally_event
    assert ev.on_server and not ev.readonly
    assert ev.store.db.role == "results-manager"  # "r" chose the results manager's login
    # the status bar names server, event, role, this desk, online; no other desk yet
    status = w.connector.status
    assert status is not None
    text = status.plain_text()
    for part in (
        f"server 127.0.0.1:{event_server.port}",
        f"event {login.name}",
        "results manager",
        "desk test-desk",
        "online",
        "no other desk online",
    ):
        assert part in text, (part, text)
    # keyed by keystrokes, on the server
    entry = w.desk.entry
    _key(entry, "201", "3:00:00")
    assert w.rally_event.existing_time(1, 201).elapsed_ms == 3 * 3_600_000
    # another desk (the timekeeper at the finish line) keys a time: this desk's view shows it
    monkeypatch.setenv("RALLYDESK_DESK", "finish-line")
    other = rallydesk.open_event(login.desk_url("timekeeper"))
    try:
        other.record_time(stage=1, number=202, elapsed="3:05:00")
        view = w.desk.views[0]
        qtbot.waitUntil(lambda: view.model.row_of(202) is not None, timeout=5000)
        # the follower's tick refreshes the status bar: the other desk is named
        entry.follower.timer.setInterval(100)
        qtbot.waitUntil(lambda: "also online: finish-line" in status.plain_text(), timeout=5000)
        # Help > Server lists both desks, this one marked
        server_action = dict(window_actions(w))["Help > Server"]
        assert server_action.isEnabled()
        server_action.trigger()
        found = [x for x in QApplication.topLevelWidgets() if isinstance(x, ServerDialog)]
        assert len(found) == 1
        shown = found[0]
        rows = {
            shown.table.item(r, 0).text(): [
                shown.table.item(r, c).text() for c in range(shown.table.columnCount())
            ]
            for r in range(shown.table.rowCount())
        }
        assert rows["test-desk (this desk)"][1:2] == ["results manager"]
        assert rows["test-desk (this desk)"][3:] == ["0", "online"]
        assert rows["finish-line"][1] == "timekeeper" and rows["finish-line"][4] == "online"
        assert rows["finish-line"][2].startswith("20")  # its heartbeat, at open
        assert f"Server: 127.0.0.1:{event_server.port}" in shown.summary.text()
        assert "Connection: encrypted (TLS)" in shown.summary.text()
        shown.close()
    finally:
        other.close()
    # the password is kept by the credential store, never in the settings
    key = f"127.0.0.1:{event_server.port}/{login.name}"
    assert memory_keyring.kept == {
        (credentials.service_name(key), f"{login.name}.results-manager"): password
    }
    shown_url = (
        f"postgresql://{login.name}.results-manager@127.0.0.1:{event_server.port}/{login.name}"
    )
    assert Preferences().recent == [shown_url]
    w.close()
    ini = (settings_dir() / "rallydesk.ini").read_text(encoding="utf-8", errors="replace")
    assert login.name in ini and password not in ini

    # the next start: Recent shows the event without its password; Enter reopens it
    w2 = _window(qtbot)
    item = w2.welcome.recent.item(0)
    assert item.text() == shown_url
    recent_menu = [a.text() for a in w2.menus.recent_menu.actions()]
    assert recent_menu == [shown_url]
    w2.welcome.recent.setFocus()
    QTest.keyClick(w2.welcome.recent, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w2.rally_event is not None, timeout=15_000)
    assert w2.rally_event.existing_time(1, 202) is not None
    assert w2.connector.dialog is None  # no password asked: the kept one was used
    w2.close()
    for handler in logging.getLogger("rallydesk").handlers:
        handler.flush()
    text = log_path.read_text(encoding="utf-8")
    assert f"connected to {shown_url}" in text and password not in text


def test_a_wrong_password_is_said_in_the_dialog_which_stays_open(
    qtbot, event_server, memory_keyring
):
    login = event_server.add_event(_baja)
    w = _window(qtbot)
    dialog = _connect_by_keys(
        qtbot, w, "127.0.0.1", event_server.port, login.name, "t", "not-the-password"
    )
    assert w.rally_event is None
    assert dialog.isVisible()
    assert "The server refused this password" in dialog.message.text()
    assert f"{login.name}.timekeeper" in dialog.message.text()
    assert "not-the-password" not in dialog.message.text()
    # what was typed stays; the password is selected, to type it again
    assert dialog.host.text() == "127.0.0.1" and dialog.event_name.text() == login.name
    assert dialog.password.text() == "not-the-password"
    assert QApplication.focusWidget() is dialog.password and dialog.password.hasSelectedText()
    assert memory_keyring.kept == {}
    assert Preferences().recent == []
    # typed again, right this time: Enter connects
    QTest.keyClicks(dialog.password, login.desks["timekeeper"])
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.rally_event is not None, timeout=15_000)
    assert w.rally_event.store.db.role == "timekeeper"
    w.close()


def test_a_pasted_url_fills_the_fields_and_an_unreachable_server_is_said(
    qtbot, event_server, memory_keyring
):
    login = event_server.add_event(_baja)
    w = _window(qtbot)
    dialog = w.connector.open_dialog()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.host, timeout=3000)
    # as the administrator's printout is pasted (Ctrl+V): every field filled, password too
    url = login.desk_url("timekeeper")
    QApplication.clipboard().setText(url)
    QTest.keyClick(dialog.host, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.host.text() == "127.0.0.1"
    assert dialog.port.text() == str(event_server.port)
    assert dialog.event_name.text() == login.name
    assert dialog.role.currentData() == "timekeeper"
    assert dialog.password.text() == login.desks["timekeeper"]
    # a port nothing listens on: unreachable, said in the dialog
    dialog.port.setText("1")
    QTest.keyClick(dialog.port, Qt.Key.Key_Return)
    assert w.rally_event is None and dialog.isVisible()
    assert "cannot be reached" in dialog.message.text()
    assert QApplication.focusWidget() is dialog.host
    dialog.port.setText(str(event_server.port))
    QTest.keyClick(dialog.port, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.rally_event is not None, timeout=15_000)
    w.close()


def test_an_unknown_event_is_said_in_the_dialog(qtbot, pg_url, memory_keyring):
    """On a server that names a missing database as such (the test server lets its
    administrator in without a password): "no event of that name"."""
    w = _window(qtbot)
    dialog = w.connector.open_dialog()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.host, timeout=3000)
    missing = pg_url.rsplit("/", 1)[0] + "/no_such_event"
    dialog.host.setText(missing)  # pasted: its login is no event role (the administrator's)
    assert dialog.role.currentData() == "user:postgres"
    QTest.keyClick(dialog.event_name, Qt.Key.Key_Return)
    assert w.rally_event is None and dialog.isVisible()
    assert "The server has no event of that name" in dialog.message.text()
    assert QApplication.focusWidget() is dialog.event_name
    dialog.close()
    w.close()


def test_without_a_credential_store_the_desk_connects_and_says_it_keeps_nothing(
    qtbot, event_server
):
    from keyring.backends import fail

    login = event_server.add_event(_baja)
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert credentials.available() is False
        w = _window(qtbot)
        dialog = _connect_by_keys(
            qtbot, w, "127.0.0.1", event_server.port, login.name, "t", login.desks["timekeeper"]
        )
        qtbot.waitUntil(lambda: w.rally_event is not None, timeout=15_000)
        assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()
        assert "no credential store" in dialog.keep_note.text()
        assert "the password was not kept" in w.statusBar().currentMessage().lower()
        shown_url = (
            f"postgresql://{login.name}.timekeeper@127.0.0.1:{event_server.port}/{login.name}"
        )
        assert Preferences().recent == [shown_url]
        w.close_event()
        # Recent again: no password kept, so Connect asks it, filled in
        assert w.open_path(shown_url) is False
        asked = w.connector.dialog
        assert asked is not None and asked.isVisible()
        assert asked.event_name.text() == login.name and asked.password.text() == ""
        assert asked.role.currentData() == "timekeeper"
        qtbot.waitUntil(lambda: QApplication.focusWidget() is asked.password, timeout=3000)
        assert "refused this password" in asked.message.text()
        asked.close()
        w.close()
    finally:
        keyring.set_keyring(before)


def test_a_certificate_authority_is_copied_and_named_in_the_url(
    qtbot, event_server, memory_keyring, tmp_path
):
    """The authority handed with the URL is copied into the user's data folder and the URL
    asks libpq to verify the server against it; a server without TLS is then refused (this
    test server has none: the TLS work makes one)."""
    from rallydesk.paths import data_dir

    login = event_server.add_event(_baja)
    ca = tmp_path / "ca.crt"
    ca.write_text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    w = _window(qtbot)
    dialog = w.connector.open_dialog()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.host, timeout=3000)
    dialog.host.setText(login.desk_url("timekeeper"))
    dialog.authority.setText(str(ca))
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert w.rally_event is None and dialog.isVisible()
    kept = data_dir() / "servers" / f"127.0.0.1-{event_server.port}-ca.crt"
    assert kept.read_text() == ca.read_text()
    assert "certificate" in dialog.message.text()
    assert QApplication.focusWidget() is dialog.authority
    not_a_cert = tmp_path / "notes.txt"
    not_a_cert.write_text("hello")
    dialog.authority.setText(str(not_a_cert))
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "not a certificate" in dialog.message.text()
    dialog.close()
    w.close()


def test_the_url_of_the_fields():
    login = connection.ServerLogin(
        "10.0.0.5", 5433, "dakar-2026", "clerk", "p@ss/w:rd", authority="/data/servers/ca.crt"
    )
    assert login.login == "dakar-2026.clerk"
    url = login.url()
    assert url.startswith("postgresql://dakar-2026.clerk:p%40ss%2Fw%3Ard@10.0.0.5:5433/dakar-2026?")
    assert url.endswith("sslmode=verify-full&sslrootcert=/data/servers/ca.crt")
    assert connection.from_url(url) == login
    shown = connection.recent_form(url)
    assert "p%40ss" not in shown and shown.startswith("postgresql://dakar-2026.clerk@10.0.0.5")
    assert "sslrootcert=/data/servers/ca.crt" in shown
    owner = connection.from_url("postgresql://dakar-2026:x@h/dakar-2026")
    assert owner.role == "owner" and owner.login == "dakar-2026" and owner.port == 5432
    with pytest.raises(connection.ConnectRefused, match="host"):
        connection.ServerLogin("", 5432, "e").check()
    with pytest.raises(connection.ConnectRefused, match="port 0: expected 1 to 65535"):
        connection.ServerLogin("h", 0, "e").check()
    with pytest.raises(connection.ConnectRefused, match="event 'a b'"):
        connection.ServerLogin("h", 5432, "a b").check()


def test_a_url_opened_with_its_password_is_remembered_without_it(qtbot, pg_url, memory_keyring):
    """``rallydesk open URL`` with the password in it (the test server takes any): Recent and
    the settings file keep the URL without it, and nothing is put in the credential store."""
    with rallydesk.new_event(pg_url, "Baja"):
        pass
    secret = "S3cret-in-the-URL"
    with_password = pg_url.replace("postgres@", f"postgres:{secret}@")
    w = _window(qtbot)
    assert w.open_path(with_password)
    assert Preferences().recent == [pg_url]
    assert memory_keyring.kept == {}
    w.close()
    ini = (settings_dir() / "rallydesk.ini").read_text(encoding="utf-8", errors="replace")
    assert pg_url.rsplit("/", 1)[1] in ini and secret not in ini


def test_the_status_bar_says_offline_and_leaves_the_count_to_the_offline_sign(
    qtbot, pg_server, pg_url, memory_keyring
):
    """The server lost: the note says OFFLINE; once a result waits in the outbox, the OFFLINE
    sign (gui/offline.py) says it with the count, and the note no longer repeats it."""
    with rallydesk.new_event(pg_url, "Baja") as ev:
        _baja(ev)
    w = _window(qtbot)
    assert w.open_path(pg_url)
    status = w.connector.status
    assert " · online · no other desk online" in status.plain_text()
    w.desk.entry.follower.timer.stop()  # the refresh is called here, once each
    pg_server.pause()
    try:
        status.refresh()
        text = status.plain_text()
        assert text.endswith(" · OFFLINE") and "desk test-desk" in text, text
        _key(w.desk.entry, "201", "3:00:00")  # kept in the outbox
        sign = w.offline_status
        assert sign is not None
        qtbot.waitUntil(sign.label.isVisible, timeout=3000)
        assert "OFFLINE: 1 changes waiting" in sign.label.text()
        status.refresh()
        assert "OFFLINE" not in status.plain_text() and "online" not in status.plain_text()
    finally:
        pg_server.resume()
    w.close()


def test_the_servers_authority_typed_in_the_dialog_checks_the_server_and_another_is_refused(
    qtbot, event_server, memory_keyring, tmp_path
):
    """Issue 23's TLS acceptance at the desk: the official types the fields and the path of the
    server's ca.crt; the desk connects with sslmode=verify-full against it and says the link is
    encrypted; an authority that did not sign the server's certificate is refused in the
    dialog, which stays open with what was typed, and nothing is opened."""
    login = event_server.add_event(_baja)
    password = login.desks["timekeeper"]
    w = _window(qtbot)
    tried = (
        (other_authority(tmp_path / "other-ca.crt"), False),
        (event_server.dir / "ca.crt", True),
    )
    for authority, opens in tried:
        dialog = w.connector.open_dialog()
        host = dialog.host
        qtbot.waitUntil(lambda: QApplication.focusWidget() is host, timeout=3000)  # noqa: B023
        for field in (
            dialog.host,
            dialog.port,
            dialog.event_name,
            dialog.password,
            dialog.authority,
        ):
            field.clear()
        for text in ("127.0.0.1", str(event_server.port), login.name, "t", password):
            focus = QApplication.focusWidget()
            QTest.keyClicks(focus, text)
            QTest.keyClick(focus, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.authority
        QTest.keyClicks(dialog.authority, str(authority))
        QTest.keyClick(dialog.authority, Qt.Key.Key_Return)
        if not opens:
            assert w.rally_event is None and dialog.isVisible()
            assert "not signed by the authority" in dialog.message.text()
            assert dialog.event_name.text() == login.name  # what was typed stays
            dialog.close()
            continue
        qtbot.waitUntil(lambda: w.rally_event is not None, timeout=15_000)
        ev = w.rally_event
        assert ev.store.db.conn.pgconn.ssl_in_use
        assert "sslmode=verify-full" in Preferences().recent[0]
        assert "sslrootcert=" in Preferences().recent[0]
        shown = w.connector.show_server(show=False)
        assert shown is not None and "Connection: encrypted (TLS)" in shown.summary.text()
        shown.close()
    w.close()
