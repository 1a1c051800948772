"""The first screen: start an event, open one, reopen a recent one, or try the demo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services import is_server_location

if TYPE_CHECKING:
    from .main_window import MainWindow


class Welcome(QWidget):
    """The first screen: start an event, open one, reopen a recent one, or try the demo — all by keyboard."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        title = QLabel(
            "<h1 style='margin-bottom:0'>RallyDesk</h1><p>"
            + self.tr(
                "Timing desk for cross-country rallies: key times, watch the classifications move, publish the sheets."
            )
            + "</p>"
        )
        title.setWordWrap(True)
        self.recent = QListWidget()
        self.recent.setToolTip(self.tr("Enter or double-click opens the event"))
        self.recent.itemActivated.connect(
            lambda item: window.open_path(item.data(Qt.ItemDataRole.UserRole))
        )
        buttons = QHBoxLayout()
        for text, slot, tip in (
            (
                self.tr("New event…  (Ctrl+N)"),
                window.new_event,
                self.tr("Create an empty event file, then set it up"),
            ),
            (
                self.tr("Open…  (Ctrl+O)"),
                window.open_dialog,
                self.tr("Open a .rallydesk event file"),
            ),
            (
                self.tr("Open the Dakar 2026 demo"),
                window.open_demo,
                self.tr("The real Dakar 2026 cars with a synthetic field; stage 11 is left to key"),
            ),
        ):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.setMinimumHeight(34)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.empty = QLabel(
            self.tr("No recent events yet: create one, open a file, or try the demo.")
        )
        self.empty.setObjectName("hint")
        column = QVBoxLayout()
        column.addWidget(title)
        column.addSpacing(8)
        column.addLayout(buttons)
        column.addSpacing(16)
        column.addWidget(QLabel("<b>" + self.tr("Recent events") + "</b>"))
        column.addWidget(self.empty)
        column.addWidget(self.recent, 6)
        column.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(820)
        box.setLayout(column)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addWidget(box, 4)
        outer.addStretch(1)

    def fill(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            shown = p if is_server_location(p) else f"{Path(p).name}    —    {Path(p).parent}"
            item = QListWidgetItem(shown)  # (a server event's URL: Recent keeps no password)
            item.setToolTip(p)
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.recent.addItem(item)
        self.empty.setVisible(not paths)
        self.recent.setVisible(bool(paths))
        if paths:
            self.recent.setCurrentRow(0)
            self.recent.setFocus()
