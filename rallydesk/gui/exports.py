"""File > Export and Print: the official sheets of the desk's stage as a workbook, a PDF or on
paper; the format, folder and printer chosen last are offered again."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from ..domain.errors import RallyDeskError
from .i18n import arg
from .preferences import Preferences
from .reporting import refuse

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from ..services import Document
    from .main_window import MainWindow


class Exports(QObject):
    """The export and print actions of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def export_dialog(self, kind: str | None = None) -> None:
        """Save the sheets of the desk's stage; the last format and folder chosen are offered again."""
        if self.window.rally_event is None or self.window.desk is None:
            return
        chosen = self._published_version()
        if chosen is not None:  # the Publication tab: the version chosen there, as published
            self.export_version_dialog(*chosen, kind=kind)
            return
        kind = kind or Preferences().export_format
        stage = self.window.desk.entry.current_stage()
        folder = Path(Preferences().export_folder or self.window.rally_event.location.folder)
        if not folder.is_dir():
            folder = self.window.rally_event.location.folder
        default = str(folder / f"{self.window.rally_event.location.title}-S{stage:02d}.{kind}")
        filters = {
            "xlsx": self.tr("Excel workbooks (*.xlsx)"),
            "pdf": self.tr("PDF documents (*.pdf)"),
        }
        title = (
            self.tr("Export classifications to PDF")
            if kind == "pdf"
            else self.tr("Export classifications")
        )
        out, _ = QFileDialog.getSaveFileName(self.window, title, default, filters[kind])
        if out:
            self.export_to(Path(out), stage)

    def export_to(self, out: Path, stage: int | None) -> Path | None:
        """Write the workbook or the PDF (by the name's extension), with progress."""
        pdf = out.suffix.lower() == ".pdf"
        event = self.window.rally_event
        if event is None:
            return None
        progress = QProgressDialog(  # type: ignore[call-overload]  # None: no Cancel button (the stub wants a str)
            self.tr("Writing the classification sheets…"), None, 0, 1, self.window
        )
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()

        try:
            path, warnings = event.export(out, stage=stage, progress=step)
        except RallyDeskError as exc:
            progress.close()
            refuse(self.window, self.tr("Export failed"), str(exc))
            return None
        progress.close()
        prefs = Preferences()
        prefs.export_format = "pdf" if pdf else "xlsx"
        prefs.export_folder = str(path.parent)
        self.window.statusBar().showMessage(arg(self.tr("Exported %1"), path), 10000)
        if self.ask_open_folder(arg(self.tr("Written %1\n\nOpen the folder?"), path)):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        return path

    def print_preview(self, stage: int | None = None) -> QPrintPreviewDialog | None:
        """The print preview of the desk's stage sheets; the printer chosen last time is offered."""
        event = self.window.rally_event
        if event is None or self.window.desk is None:
            return None
        chosen = self._published_version() if stage is None else None
        if chosen is not None:  # the Publication tab: the version chosen there, as published
            return self.print_version(*chosen)
        stage = stage if stage is not None else self.window.desk.entry.current_stage()
        try:
            document = event.sheets(stage)
        except RallyDeskError as exc:
            refuse(self.window, self.tr("Nothing to print"), str(exc))
            return None
        return self._preview(
            document,
            f"{document.event} — S{stage:02d}",
            self.tr("Print classifications of stage %1").replace("%1", str(stage)),
        )

    def _published_version(self) -> tuple[int, str, int] | None:
        """The published version chosen in the Publication tab, while that tab is shown."""
        desk = self.window.desk
        if desk is None or desk.tabs.currentWidget() is not desk.publication:
            return None
        return desk.publication.chosen_version()

    def print_version(self, stage: int, category: str, version: int) -> QPrintPreviewDialog | None:
        """The print preview of a published version: its stored document, exactly as posted."""
        event = self.window.rally_event
        if event is None:
            return None
        try:
            document = event.version_document(stage, category, version)
        except RallyDeskError as exc:
            refuse(self.window, self.tr("Nothing to print"), str(exc))
            return None
        return self._preview(
            document,
            f"{document.event} — S{stage:02d} {category} v{version}",
            arg(self.tr("Print stage %1 %2, published version %3"), stage, category, version),
        )

    def _preview(self, document: Document, name: str, title: str) -> QPrintPreviewDialog:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        event = self.window.rally_event
        assert event is not None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        last = Preferences().printer
        if last:
            printer.setPrinterName(last)
        printer.setFullPage(True)
        printer.setDocName(name)
        dialog = QPrintPreviewDialog(printer, self.window)
        # the dialog does not own the printer: keep it alive as long as the window (else a crash)
        self._printer = printer
        self.document = document  # what the preview draws (the tests read it)
        dialog.setWindowTitle(title)

        def draw(target: QPrinter) -> None:
            event.paint_sheets(document, target)
            if target.outputFormat() == QPrinter.OutputFormat.NativeFormat and target.printerName():
                Preferences().printer = target.printerName()

        dialog.paintRequested.connect(draw)
        return dialog

    def print_dialog(self) -> None:
        dialog = self.print_preview()
        if dialog is not None:
            self.show_preview(dialog)

    def show_preview(self, dialog: QPrintPreviewDialog) -> None:
        """Modal until printed or closed (the tests replace it, to look and close)."""
        dialog.exec()
        dialog.deleteLater()

    def export_version_dialog(
        self, stage: int, category: str, version: int, kind: str | None = None
    ) -> Path | None:
        """Save a published version as it was posted; the last format and folder are offered."""
        event = self.window.rally_event
        if event is None:
            return None
        kind = kind or Preferences().export_format
        folder = Path(Preferences().export_folder or event.location.folder)
        if not folder.is_dir():
            folder = event.location.folder
        default = str(folder / f"{event.location.title}-S{stage:02d}-{category}-v{version}.{kind}")
        filters = ";;".join(
            [self.tr("Excel workbooks (*.xlsx)"), self.tr("PDF documents (*.pdf)")][
                :: 1 if kind == "xlsx" else -1
            ]
        )
        title = arg(self.tr("Export stage %1 %2, published version %3"), stage, category, version)
        out = self.ask_save_name(title, default, filters)
        if not out:
            return None
        try:
            path = event.export_version(out, stage, category, version)
        except RallyDeskError as exc:
            refuse(self.window, self.tr("Export failed"), str(exc))
            return None
        prefs = Preferences()
        prefs.export_format = "pdf" if path.suffix.lower() == ".pdf" else "xlsx"
        prefs.export_folder = str(path.parent)
        self.window.statusBar().showMessage(arg(self.tr("Exported %1"), path), 10000)
        return path

    def ask_save_name(self, title: str, default: str, filters: str) -> str:
        """The file dialog (the tests replace it: offscreen nobody types a name)."""
        out, _ = QFileDialog.getSaveFileName(self.window, title, default, filters)
        return out

    def ask_open_folder(self, question: str) -> bool:
        """A hook the tests replace; offscreen nobody can look at a file manager."""
        if QApplication.platformName() == "offscreen":
            return False
        return (
            QMessageBox.question(self.window, self.tr("Export done"), question)
            == QMessageBox.StandardButton.Yes
        )
