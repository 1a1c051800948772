"""After an unexpected end (the desk killed, the power cut): at the next open, a notice naming
the last result the event recorded, so the official can check on the timing sheet where they
were. The marker that tells is the services' (``services/markers.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from ..services import Event, markers
from . import theme
from .i18n import arg
from .keyed_lists import describe
from .preferences import user_settings_left_alone

if TYPE_CHECKING:
    from .main_window import MainWindow


class ReopenWords(QObject):
    """The notice's texts (translated in this context)."""

    def title(self) -> str:
        return self.tr("RallyDesk was not closed properly")

    def text(self, event: Event, found: markers.UncleanEnd) -> str:
        opened = arg(
            self.tr(
                "The last session on this event (opened %1 on desk %2) ended without closing it: the desk was stopped or the power cut."
            ),
            found.opened_at or "?",
            found.desk or "?",
        )
        safe = self.tr("Every result the desk confirmed with ✔ is in the event.")
        last = found.last
        if last is None:
            where = self.tr("No result was recorded on this event yet.")
        else:
            what = describe(event, last.time) if last.time is not None else self.tr("deleted")
            who = last.desk or "?"
            if last.official:
                who += f" ({last.official})"
            where = arg(
                self.tr("Last recorded result: stage %1, #%2: %3, at %4, by desk %5."),
                last.stage,
                last.number,
                what,
                last.at,
                who,
            )
        check = self.tr("Check the timing sheet from there before keying on.")
        return f"{opened}\n\n{safe}\n\n{where}\n{check}"

    def short(self, found: markers.UncleanEnd) -> str:
        last = found.last
        if last is None:
            return self.tr("Not closed properly last time; no result recorded yet.")
        return arg(
            self.tr("Not closed properly last time: last result #%1 on stage %2."),
            last.number,
            last.stage,
        )


def after_unclean_end(window: MainWindow, event: Event) -> QWidget | None:
    """A writing desk opened ``event``: its marker is set, and if the last session did not close
    it, the notice (window-modal, focus back to the number field when closed)."""
    if event.readonly or user_settings_left_alone():
        return None
    found = markers.begin(event)
    if found is None:
        return None
    words = ReopenWords(window)
    text = words.text(event, found)
    from ..logs import log

    last = found.last
    log.warning(  # the log stays English, whatever the desk's language
        "unexpected end of the last session on %s (opened %s on desk %s); last result: %s",
        event.path,
        found.opened_at,
        found.desk,
        f"stage {last.stage} #{last.number} {last.action} at {last.at} by desk {last.desk}"
        if last is not None
        else "none",
    )
    box = QMessageBox(
        QMessageBox.Icon.Warning, words.title(), text, QMessageBox.StandardButton.Ok, window
    )
    box.setObjectName("uncleanEndNotice")
    desk = window.desk
    if desk is not None:
        if last is not None and desk.entry.stage_box.findData(last.stage) >= 0:
            desk.entry.set_stage(last.stage)  # the desk takes up where it stopped
        desk.entry._confirmation = theme.span("warn", words.short(found))
        desk.entry.message.setText(desk.entry._confirmation)

        def focus_back(_result: int) -> None:
            window.activateWindow()
            desk.entry.number.setFocus()

        box.finished.connect(focus_back)
    box.finished.connect(lambda _r: setattr(window, "unclean_notice", None))
    box.finished.connect(box.deleteLater)
    window.unclean_notice = box

    def present(tries: int = 50) -> None:
        """Once the window is shown (open comes first at start-up): the notice in front, with
        the focus, so the next key is the notice's and not a number typed half-read."""
        if not window.isVisible() and tries > 0:
            QTimer.singleShot(100, lambda: present(tries - 1))
            return
        box.open()
        box.raise_()
        box.activateWindow()
        ok = box.button(QMessageBox.StandardButton.Ok)
        if ok is not None:
            ok.setFocus()

    QTimer.singleShot(0, present)
    return box


def close_cleanly(event: Event) -> None:
    """The desk closes the event as it should (no notice next time)."""
    if not event.readonly and not user_settings_left_alone():
        markers.end(event)
    event.close()
