"""Start the desk: ``rallydesk``, ``rallydesk open EVENT``, ``rallydesk demo`` (with --screenshot)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import RallyDeskError
from ..domain.secrets import redact
from ..paths import is_database

if TYPE_CHECKING:  # Qt is imported when the desk starts, not with the command line
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow

SCREENSHOT_SIZE = (1400, 850)


def _application() -> QApplication:
    """The QApplication, made ready once: names, version, icon, fonts (also when a test made it)."""
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else _application_class()(sys.argv[:1])
    if not app.property("rallydesk_ready"):
        app.setProperty("rallydesk_ready", True)
        app.setOrganizationName("RallyDesk")
        app.setApplicationName("RallyDesk")
        app.setDesktopFileName(
            "org.rallydesk.RallyDesk"
        )  # Wayland/X11: the menu entry's icon and name
        from PySide6.QtGui import QIcon

        from ..paths import resource_file, version

        app.setApplicationVersion(version())
        app.setWindowIcon(
            QIcon(str(resource_file("icons", "rallydesk.svg")))
        )  # vector: sharp at any DPI
        _add_fonts()
    return app


def _application_class() -> type[QApplication]:
    """QApplication that turns macOS's "open this document" (Finder double-click) into a signal."""
    from PySide6.QtCore import QEvent, Signal
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    class RallyDeskApplication(QApplication):
        file_open = Signal(str)

        def event(self, e: QEvent) -> bool:  # only the application's own events: cheap
            if isinstance(e, QFileOpenEvent):
                self.file_open.emit(e.file())
                return True
            return super().event(e)

    return RallyDeskApplication


def _add_fonts() -> None:
    """The bundled fonts (the time fields' DejaVu Sans Mono): the same digits on every desk."""
    from PySide6.QtGui import QFontDatabase

    from ..paths import resource, resource_file

    for item in resource("fonts").iterdir():
        if item.name.lower().endswith((".ttf", ".otf")):
            QFontDatabase.addApplicationFont(str(resource_file("fonts", item.name)))


def _why_not(path: str) -> str:
    """The services' own words for a file that would not open (damaged, newer, locked, missing)."""
    from ..services import Event, is_server_location

    if not is_server_location(path) and not Path(path).exists():
        return f"{path}: no such event file"
    try:
        Event.open(path, readonly=True).close()
    except RallyDeskError as exc:
        return str(exc)
    return f"{path}: cannot be opened"


def run(path: str | None, screenshot: str | None = None, readonly: bool = False) -> int:
    """Show the desk (or, with ``screenshot``, save a PNG of it as first seen and return); 0 on success.

    A file that cannot be opened is explained (a message box, or stderr for a screenshot run), never
    a traceback; the status is then 1.
    """
    if screenshot and is_database(
        Path(screenshot)
    ):  # `open EV --screenshot EV` would overwrite the event
        print(
            f"rallydesk: {screenshot}: is a database (an event file?), not a picture; it is left as it is",
            file=sys.stderr,
        )
        return 1
    if screenshot and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _application()
    from ..logs import enable_fault_log, log, setup_logging
    from . import i18n, theme
    from .main_window import MainWindow
    from .preferences import Preferences, leave_user_settings_alone, use_user_settings

    if screenshot:  # a picture of the desk changes nothing of the user's (recent files, geometry)
        leave_user_settings_alone()
    from .reporting import CrashHandler

    setup_logging()
    enable_fault_log()
    single = not screenshot and not readonly  # a screenshot or a read-only viewer is its own window
    if single:
        from .single import hand_over

        if hand_over(path):
            log.info("handed %s over to the running desk", redact(path or "(come to the front)"))
            print("rallydesk: handed over to the RallyDesk window already open", file=sys.stderr)
            return 0
    log.info(
        "RallyDesk %s started%s", app.applicationVersion(), f" on {redact(path)}" if path else ""
    )
    window: MainWindow | None = None
    server = None
    crashes = CrashHandler(lambda: window, interactive=not screenshot).install()
    try:
        i18n.install(app)  # before the first widget: texts are translated when they are built
        theme.apply(app, Preferences().dark)
        desk_name = Preferences().desk_name
        if desk_name and not os.environ.get(
            "RALLYDESK_DESK"
        ):  # File > Name this desk (per computer)
            os.environ["RALLYDESK_DESK"] = desk_name
        window = MainWindow(readonly=readonly)
        if single:
            from .single import InstanceServer

            server = InstanceServer(parent=window)
            server.requested.connect(window.open_requested)
            server.listen()
        if hasattr(app, "file_open"):  # macOS: a document double-clicked in the Finder
            app.file_open.connect(window.open_requested)
        return _show(app, window, path, screenshot)
    finally:
        if server is not None:
            server.close()
        crashes.uninstall()
        use_user_settings()


def _discard(window: MainWindow) -> None:
    """Close the window and delete it with its menus (run() may be called again in one process)."""
    window.close_event()
    window.close()
    window.deleteLater()


def _show(app: QApplication, window: MainWindow, path: str | None, screenshot: str | None) -> int:
    from .preferences import Preferences

    if path is not None:
        if not window.open_path(path, quiet=bool(screenshot)):
            print(redact(f"rallydesk: {_why_not(path)}"), file=sys.stderr)
            _discard(window)
            return 1
    else:  # the last event reopens, as the official left it
        last = Preferences().last
        if last and Path(last).exists():
            window.open_path(last, quiet=True)
    if screenshot:
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        for _ in range(3):
            app.processEvents()
        saved = window.grab().save(screenshot)
        _discard(window)
        if not saved:
            print(
                f"rallydesk: {screenshot}: cannot save the screenshot (folder missing or not writable?)",
                file=sys.stderr,
            )
            return 1
        return 0
    window.show()
    return app.exec()
