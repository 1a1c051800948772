"""What a publication will post, shown before it is posted (the Publication tab's confirmation).

Crews timed, crews with neither a time nor a status, crews not classified and crews the new
overall no longer classifies, each with its crew's name, beside a preview of the sheet as it will
print. When crews are unaccounted for, Enter cancels: publishing anyway is a deliberate choice
of its own button.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..services import Document, Event
from ..services.results import CrewLine, PublishCheck
from . import theme
from .i18n import arg
from .raid_words import reason_text


class PublishDialog(QDialog):
    """Window-modal, opened with ``open()``: ``accepted`` publishes, anything else does not."""

    def __init__(
        self, event: Event, check: PublishCheck, document: Document, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.check = check
        self.document = document
        self.setObjectName("publishDialog")
        word = self.tr("PROVISIONAL") if check.as_ == "provisional" else self.tr("OFFICIAL")
        self.setWindowTitle(
            arg(self.tr("Publish stage %1 %2 as %3"), check.stage, check.category, word)
        )
        self.heading = QLabel(
            "<b>"
            + arg(
                self.tr("Stage %1 – %2, %3: %4 v%5"),
                check.stage,
                check.stage_name,
                check.category,
                word,
                check.version,
            )
            + "</b>"
        )
        self.heading.setWordWrap(True)
        self.summary = QLabel(
            arg(
                self.tr("%1 crews timed · %2 without a time · %3 not classified"),
                check.timed,
                len(check.untimed),
                len(check.not_classified),
            )
        )
        self.summary.setObjectName("publishSummary")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {theme.colour('error')}; font-weight: bold;")
        gone = [d for d in check.dropped if d.status == "NT"]
        if check.unaccounted:
            text = arg(
                self.tr(
                    "%1 crews have neither a time nor a status: they will be missing from the "
                    "sheets. Key their times or statuses first, or publish anyway."
                ),
                len(check.untimed),
            )
            if gone:
                text += "\n" + arg(
                    self.tr("The overall will no longer classify: %1"),
                    ", ".join(
                        arg(
                            self.tr("#%1 %2 (P%3 after stage %4)"),
                            d.number,
                            d.crew,
                            d.previous_position,
                            check.previous_stage,
                        )
                        for d in gone
                    ),
                )
            self.warning.setText(text)
        else:
            self.warning.hide()
        self.untimed = self._table(
            [self.tr("No"), self.tr("Crew")], [(c.number, c.crew) for c in check.untimed]
        )
        self.not_classified = self._table(
            [self.tr("No"), self.tr("Crew"), self.tr("Status"), self.tr("Reason")],
            [
                (c.number, c.crew, self._status(c), reason_text(c.reason))
                for c in check.not_classified
            ],
        )
        self.dropped = self._table(
            [self.tr("No"), self.tr("Crew"), self.tr("Before"), self.tr("Now")],
            [(c.number, c.crew, f"P{c.previous_position}", self._status(c)) for c in check.dropped],
        )
        lists = QVBoxLayout()
        for title, table in (
            (arg(self.tr("Without a time (%1)"), len(check.untimed)), self.untimed),
            (arg(self.tr("Not classified (%1)"), len(check.not_classified)), self.not_classified),
            (
                arg(
                    self.tr("Classified after stage %1, not any more (%2)"),
                    check.previous_stage or "–",
                    len(check.dropped),
                ),
                self.dropped,
            ),
        ):
            lists.addWidget(QLabel(title))
            lists.addWidget(table, 1)
        # the sheet as it will print, page by page (drawn by the same code as the PDF)
        self.printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.paintRequested.connect(lambda p: event.paint_sheets(document, p))
        self.preview.fitToWidth()
        self.preview.setToolTip(self.tr("The sheets as they will be published (a preview)"))
        body = QHBoxLayout()
        left = QWidget()
        left.setLayout(lists)
        body.addWidget(left, 1)
        body.addWidget(self.preview, 1)
        self.buttons = QDialogButtonBox()
        self.publish_button = QPushButton(
            arg(self.tr("&Publish anyway (%1 unaccounted)"), len(check.untimed))
            if check.unaccounted
            else self.tr("&Publish")
        )
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.buttons.addButton(self.publish_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # Enter publishes only when every crew is accounted for; else it cancels
        default = self.cancel_button if check.unaccounted else self.publish_button
        default.setDefault(True)
        default.setAutoDefault(True)
        (
            self.publish_button if default is self.cancel_button else self.cancel_button
        ).setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(1200, int(screen.width() * 0.95)), min(720, int(screen.height() * 0.9)))
        default.setFocus()

    def showEvent(self, e: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(e)
        self.show_first_page()

    def show_first_page(self) -> None:
        """The preview at its first page, the page's width filling the pane."""
        self.preview.fitToWidth()
        self.preview.setCurrentPage(1)

    def _status(self, c: CrewLine) -> str:
        if c.status == "NT":
            return self.tr("no time")
        return str(c.status or "")

    def _table(self, headers: list[str], rows: Sequence[Sequence[object]]) -> QTableWidget:
        table = QTableWidget(len(rows), len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(str(value)))
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
        header = table.horizontalHeader()
        for c in range(len(headers)):  # the crew takes the room left; the others their text's
            header.setSectionResizeMode(
                c,
                QHeaderView.ResizeMode.Stretch
                if c == 1
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        return table

    def rows(self, table: QTableWidget) -> list[tuple[str, ...]]:
        """What a list shows, as text (the tests read it)."""
        out = []
        for r in range(table.rowCount()):
            cells = []
            for c in range(table.columnCount()):
                item = table.item(r, c)
                cells.append(item.text() if item is not None else "")
            out.append(tuple(cells))
        return out
