"""GUI fixtures: a small event on disk and the real main window on it."""

from __future__ import annotations

import pytest

from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.services import Event


@pytest.fixture(autouse=True)
def _isolated_qt_settings(tmp_path_factory):
    """QSettings reads XDG_CONFIG_HOME once per process: point it at a fresh folder for every test."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield


def _delete_posted() -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _no_widget_left_alive(qapp, request):
    """Every GUI test ends with no top-level widget of its own alive: what it made and did not
    delete is closed and deleted here, and the test fails, naming the leaked widgets.  Leaked
    widgets made the suite slow (a theme change repolishes every one of them) and hid bugs."""
    _delete_posted()
    before = set(qapp.topLevelWidgets())
    yield
    _delete_posted()
    left = [w for w in qapp.topLevelWidgets() if w not in before]
    names = sorted(
        {type(w).__name__ + (f" {w.windowTitle()!r}" if w.windowTitle() else "") for w in left}
    )
    for w in left:
        w.close()
        w.deleteLater()
    _delete_posted()
    if left and request.node.get_closest_marker("leaves_widgets") is None:
        pytest.fail(
            f"{len(left)} top-level widget(s) left alive: {', '.join(names)}", pytrace=False
        )


@pytest.fixture
def log_path():
    """The desk's log, set up as at start-up (RALLYDESK_DATA/logs: a fresh folder per test)."""
    from rallydesk.logs import detach_logging, setup_logging

    path = setup_logging()
    yield path
    detach_logging()


@pytest.fixture(scope="module")
def event_server():
    """A server as ``rallydesk server init`` makes it (real passwords), one per test module."""
    from pg_server import start_event_server

    server = start_event_server()
    yield server
    server.stop()


@pytest.fixture
def small_event(tmp_path):
    """Two stages, a category with two classes, five crews; stage 1 fully timed."""
    path = tmp_path / "baja.rallydesk"
    ev = Event.create(path, "Baja test")
    ev.put_group(Group("CAR", "Cars"))
    ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
    ev.put_group(Group("T2", "Stock", "class", "CAR"))
    ev.put_stage(Stage(1, "Hail – Hail"))
    ev.put_stage(Stage(2, "Hail – Riyadh"))
    crews = {
        201: ("Ana Castro", "T1"),
        202: ("Luca Rossi", "T1"),
        203: ("Jonas Weber", "T1"),
        501: ("Marta Novak", "T2"),
        502: ("Pierre Dubois", "T2"),
    }
    for n, (name, cls) in crews.items():
        ev.put_entry(Entry(n, cls, (CrewMember("driver", name, "FRA"),), "Team", "Car"))
    for n, t in (
        (201, "3:00:00"),
        (202, "3:01:00"),
        (203, "3:02:00"),
        (501, "3:30:00"),
        (502, "3:31:00"),
    ):
        ev.record_time(1, n, elapsed=t)
    for n, t in ((201, "2:00:00"), (202, "2:00:30"), (501, "2:20:00")):
        ev.record_time(2, n, elapsed=t)
    ev.close()
    return path


@pytest.fixture
def window(qtbot, small_event):
    from rallydesk.gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(small_event)
    w.show()
    yield w
    w.close_event()
