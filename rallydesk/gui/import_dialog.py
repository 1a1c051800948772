"""Import CSV/XLSX from a dialog: preview the rows and every bad row before anything is written."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import RallyDeskError
from ..logs import refused
from . import theme
from .bridge import EventBridge
from .i18n import arg


class _Report(Protocol):
    """What the desk shows of an import's report (per file)."""

    path: Path
    rows: int
    kind: str


#: The background of a bad row in the preview, light and dark theme (its text stays the theme's).
BAD_ROW = {False: "#ffcdd2", True: "#5c1f1f"}
_LINE = re.compile(r"^(?P<path>.*), line (?P<line>\d+)")


def bad_lines(problems: list[str]) -> dict[str, dict[int, list[str]]]:
    """file -> line -> what is wrong there, read from the import's own messages."""
    found: dict[str, dict[int, list[str]]] = {}
    for text in problems:
        m = _LINE.match(text)
        if m:
            found.setdefault(m["path"], {}).setdefault(int(m["line"]), []).append(text)
    return found


class ImportDialog(QDialog):
    def __init__(self, bridge: EventBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bad_lines: dict[str, dict[int, list[str]]] = {}
        self.setWindowTitle(self.tr("Import stages, groups, entries, times or adjustments"))
        self.resize(1000, 640)
        self.bridge = bridge
        self.paths: list[Path] = []
        choose = QPushButton(self.tr("&Choose CSV or XLSX files…"))
        choose.clicked.connect(self.choose)
        # an example file of every kind the importer accepts, to see the columns and fill them in
        self.examples_button = QPushButton(self.tr("Save an e&xample file…"))
        self.examples_button.setToolTip(
            self.tr("A CSV file with the columns of a kind and a few rows, to fill in and import")
        )
        self.examples_menu = QMenu(self.examples_button)
        names = self._kind_names()
        for kind in bridge.rally_event.example_kinds():
            action = self.examples_menu.addAction(names.get(kind, kind))
            action.setData(kind)
            action.triggered.connect(lambda _=False, k=kind: self.save_example_dialog(k))
        self.examples_button.setMenu(self.examples_menu)
        #: hook the tests replace: (kind, suggested path) -> the path chosen, or None
        self.ask_example_path = self._ask_example_path
        self.summary = QLabel(self.tr("No file chosen."))
        self.summary.setWordWrap(True)
        self.preview = QTableWidget()
        self.problems = QListWidget()
        self.problems.setToolTip(
            self.tr("Every bad row: file, line, column, value and the accepted forms")
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addStretch(1)
        top.addWidget(self.examples_button)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("Preview (first rows):")))
        layout.addWidget(self.preview, 2)
        layout.addWidget(QLabel(self.tr("Bad rows (nothing is imported while there are any):")))
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.buttons)

    def _kind_names(self) -> dict[str, str]:
        return {
            "groups": self.tr("Categories, classes and cups (groups)"),
            "stages": self.tr("Stages (stages)"),
            "entries": self.tr("Entries: crews (entries)"),
            "waypoints": self.tr("Waypoints of the stages (waypoints)"),
            "starts": self.tr("Start lists (starts)"),
            "times": self.tr("Stage times and statuses (times)"),
            "passages": self.tr("Waypoint passages from the tracking (passages)"),
            "adjustments": self.tr("Penalties, bonuses, credits (adjustments)"),
        }

    def _ask_example_path(self, kind: str, suggested: Path) -> Path | None:
        out, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save an example file"), str(suggested), self.tr("CSV files (*.csv)")
        )
        return Path(out) if out else None

    def save_example_dialog(self, kind: str) -> Path | None:
        """Save the example of ``kind`` where the official says (beside the event by default)."""
        event = self.bridge.rally_event
        out = self.ask_example_path(kind, event.location.folder / f"{kind}-example.csv")
        if out is None:
            return None
        try:
            written = event.save_example(kind, out)
        except RallyDeskError as exc:
            refused(str(exc), "import example")
            self.summary.setText(theme.span("error", str(exc)))
            return None
        self.summary.setText(
            arg(
                self.tr(
                    "Example saved: %1. Open it in a spreadsheet, replace the rows with yours, "
                    "then choose it here to import it."
                ),
                written,
            )
        )
        return written

    def choose(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import"),
            "",
            self.tr("Tables (*.csv *.xlsx)") + ";;" + self.tr("All files (*)"),
        )
        if files:
            self.set_files(files)

    def set_files(self, paths: Sequence[str | Path]) -> None:
        """Check the files (a dry run) and show what an import would do."""
        self.paths = [Path(p) for p in paths]
        event = self.bridge.rally_event
        reports, problems = event.check_import([*self.paths])
        self._bad_lines = bad_lines(problems)
        self.problems.clear()
        self.problems.addItems(problems)
        if problems:
            refused(
                f"import of {', '.join(p.name for p in self.paths)}: {len(problems)} bad row(s): "
                + "; ".join(problems[:5])
                + (" …" if len(problems) > 5 else ""),
                "import",
            )
            self.summary.setText(
                theme.span(
                    "error",
                    arg(
                        self.tr("<b>%1 bad row(s)</b>: fix the file(s); nothing will be imported."),
                        len(problems),
                    ),
                )
            )
        else:
            self.summary.setText(
                arg(self.tr("Ready: %1"), self._files(reports))
                + "".join(
                    "<br>" + arg(self.tr("warning: %1"), w) for r in reports for w in r.warnings
                )
            )
        self.import_button.setEnabled(not problems and bool(reports) and not event.readonly)
        self._show_preview(self.paths[0] if self.paths else None)

    def _show_preview(self, path: Path | None) -> None:
        self.preview.clear()
        if path is None:
            return
        try:
            header, rows = self.bridge.rally_event.preview_file(path)
        except RallyDeskError as exc:
            refused(str(exc), "import preview")
            self.preview.setRowCount(0)
            self.summary.setText(theme.span("error", str(exc)))
            return
        self.preview.setColumnCount(len(header) + 1)
        self.preview.setHorizontalHeaderLabels([self.tr("line"), *header])
        self.preview.setRowCount(len(rows))
        bad = self._bad_lines.get(str(path), {})
        mark = QBrush(QColor(BAD_ROW[theme.is_dark()]))
        for i, (line, row) in enumerate(rows):
            items = [QTableWidgetItem(str(line))]
            items += [QTableWidgetItem(row.get(h, "")) for h in header]
            for j, item in enumerate(items):
                if line in bad:  # the bad rows stand out where they are, with what is wrong
                    item.setBackground(mark)
                    item.setToolTip("\n".join(bad[line]))
                self.preview.setItem(i, j, item)

    def do_import(self) -> bool:
        try:
            reports = self.bridge.rally_event.import_files([*self.paths])
        except RallyDeskError as exc:
            refused(str(exc), "import")
            self.problems.clear()
            self.problems.addItems(str(exc).splitlines())
            self.import_button.setEnabled(False)
            return False
        self.summary.setText(arg(self.tr("Imported: %1"), self._files(reports)))
        self.accept()
        return True

    def _files(self, reports: Sequence[_Report]) -> str:
        """'times.csv: 120 times rows; …' (the kind is the file's own keyword, as in the CLI)."""
        return "; ".join(
            arg(self.tr("%1: %2 %3 rows"), r.path.name, r.rows, r.kind) for r in reports
        )
