"""What the official sees when something goes wrong, and what the log keeps of it.

An exception escaping a slot would only reach stderr, which nobody at a bivouac reads: while the
desk runs, ``sys.excepthook`` logs it with its traceback and shows a calm dialog instead (the data
is safe, the log is there).  Refusals shown in a message box are logged too, wherever the box
goes through :func:`refuse`, which logs it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..domain.secrets import redact
from ..logs import log, log_file, refused

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def crash_message(exc: BaseException, log_path: Path | None) -> str:
    """The dialog's words: what happened in one line, that the data is safe, where the log is."""
    what = redact(f"{type(exc).__name__}: {exc}") if str(exc) else type(exc).__name__
    if len(what) > 200:
        what = what[:197] + "…"
    where = (
        str(log_path)
        if log_path
        else QCoreApplication.translate("CrashDialog", "(no log file could be written)")
    )
    return (
        QCoreApplication.translate(
            "CrashDialog",
            "RallyDesk ran into an unexpected problem and did not finish what you asked.",
        )
        + "\n\n"
        + QCoreApplication.translate(
            "CrashDialog",
            "Your data is safe: every time the desk showed as recorded is in the event file, "
            "and nothing half-done was written.",
        )
        + "\n\n"
        + QCoreApplication.translate("CrashDialog", "The details are in the log:")
        + f"\n{where}\n\n"
        + QCoreApplication.translate(
            "CrashDialog",
            "You can go on working. If it happens again, send the log to your support.",
        )
        + f"\n\n({what})"
    )


def show_crash_dialog(parent: QWidget | None, text: str, log_path: Path | None) -> None:
    """Modal; the tests replace it so nothing blocks."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("CrashDialog", "RallyDesk: unexpected problem"),
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    folder = (
        box.addButton(
            QCoreApplication.translate("CrashDialog", "Open the log folder"),
            QMessageBox.ButtonRole.ActionRole,
        )
        if log_path
        else None
    )
    box.exec()
    if folder is not None and log_path is not None and box.clickedButton() is folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path.parent)))


class CrashHandler:
    """``sys.excepthook`` while the Qt application runs; :meth:`uninstall` puts the old one back."""

    def __init__(self, parent: Callable[[], QWidget | None], interactive: bool = True) -> None:
        self.parent = parent
        self.interactive = interactive
        self._showing = False
        self._previous: ExceptHook | None = None
        self._previous_thread: Callable[[threading.ExceptHookArgs], object] | None = None

    def install(self) -> CrashHandler:
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        sys.excepthook = self
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self and self._previous is not None:
            sys.excepthook = self._previous
        if self._previous_thread is not None:
            threading.excepthook = self._previous_thread

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        log.critical("unexpected error in the desk", exc_info=(exc_type, exc, tb))
        if self._showing:  # an error while the dialog is up: logged, one dialog is enough
            return
        text = crash_message(exc, log_file())
        if not self.interactive or QApplication.instance() is None:
            print(
                redact(f"rallydesk: internal error: {exc_type.__name__}: {exc}")
                + f" (details in {log_file()})",
                file=sys.stderr,
            )
            return
        self._showing = True
        try:
            show_crash_dialog(self.parent(), text, log_file())
        finally:
            self._showing = False

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        """A worker thread's exception: logged (no dialog from outside the GUI thread)."""
        log.critical(
            "unexpected error in thread %s",
            getattr(args.thread, "name", "?"),
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback)
            if args.exc_value is not None
            else True,
        )


def refuse(parent: QWidget | None, title: str, text: str) -> None:
    """A refusal in a message box, logged: what the official was told, and when."""
    refused(f"{title}: {text}", "dialog")
    QMessageBox.critical(parent, title, text)
