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
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        event = self.window.rally_event
        if event is None or self.window.desk is None:
            return None
        stage = stage if stage is not None else self.window.desk.entry.current_stage()
        try:
            document = event.sheets(stage)
        except RallyDeskError as exc:
            refuse(self.window, self.tr("Nothing to print"), str(exc))
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        last = Preferences().printer
        if last:
            printer.setPrinterName(last)
        printer.setFullPage(True)
        printer.setDocName(f"{document.event} — S{stage:02d}")
        dialog = QPrintPreviewDialog(printer, self.window)
        # the dialog does not own the printer: keep it alive as long as the window (else a crash)
        self._printer = printer
        dialog.setWindowTitle(
            self.tr("Print classifications of stage %1").replace("%1", str(stage))
        )

        def draw(target: QPrinter) -> None:
            event.paint_sheets(document, target)
            if target.outputFormat() == QPrinter.OutputFormat.NativeFormat and target.printerName():
                Preferences().printer = target.printerName()

        dialog.paintRequested.connect(draw)
        return dialog

    def print_dialog(self) -> None:
        dialog = self.print_preview()
        if dialog is not None:
            dialog.exec()

    def ask_open_folder(self, question: str) -> bool:
        """A hook the tests replace; offscreen nobody can look at a file manager."""
        if QApplication.platformName() == "offscreen":
            return False
        return (
            QMessageBox.question(self.window, self.tr("Export done"), question)
            == QMessageBox.StandardButton.Yes
        )
