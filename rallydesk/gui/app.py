"""Start the desk: ``rallydesk``, ``rallydesk open EVENT``, ``rallydesk demo`` (with --screenshot)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..domain.errors import RallyDeskError


def _application():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setOrganizationName("RallyDesk")
        app.setApplicationName("RallyDesk")
    return app


def run(path: str | None, screenshot: str | None = None, readonly: bool = False) -> int:
    if screenshot and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _application()
    from . import theme
    from .main_window import MainWindow, settings

    theme.apply(app, settings().value("dark", False, type=bool))
    window = MainWindow(readonly=readonly)
    if path is not None:
        if not window.open_path(path, quiet=bool(screenshot)):
            from ..services import Event

            try:  # say why on stderr too: a screenshot run has nobody to read a dialog
                Event.open(path, readonly=True).close()
            except RallyDeskError as exc:
                raise RallyDeskError(str(exc)) from None
            raise RallyDeskError(f"{path}: cannot be opened")
    elif not screenshot:
        last = settings().value("last")
        if last and Path(last).exists():
            window.open_path(last, quiet=True)
    if screenshot:
        window.resize(1400, 850)
        window.show()
        for _ in range(3):
            app.processEvents()
        if not window.grab().save(screenshot):
            raise RallyDeskError(f"{screenshot}: cannot save the screenshot (folder missing or not writable?)")
        window.close()
        return 0
    window.show()
    return app.exec()
