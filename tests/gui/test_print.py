"""File > Export PDF and File > Print: the same sheets as the workbook, on paper, with a preview."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel

from rallydesk.gui.preferences import Preferences


def test_export_pdf_from_the_window_is_remembered(qtbot, window, tmp_path):
    out = window.exports.export_to(tmp_path / "s2.pdf", 2)
    assert out is not None and out.read_bytes().startswith(b"%PDF")
    assert Preferences().export_format == "pdf"
    assert Preferences().export_folder == str(tmp_path)
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Export classifications to &PDF…" in texts and "Prin&t classifications…" in texts


def test_print_preview_draws_the_sheets(qtbot, window, tmp_path):
    import gc

    dialog = window.exports.print_preview(2)
    assert dialog is not None
    gc.collect()  # the preview's printer must outlive print_preview() (it crashed when it did not)
    qtbot.addWidget(dialog)
    pages = []
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.paintRequested.connect(lambda p: pages.append(p))
    dialog.paintRequested.emit(printer)  # what the preview and the Print button do
    assert pages and (tmp_path / "printed.pdf").stat().st_size > 1000
    assert printer.pageLayout().orientation() == printer.pageLayout().Orientation.Landscape
    dialog.resize(900, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    # Cars, T1 and T2, stage and overall: six one-page sheets in the preview's page count
    assert "/ 6" in [label.text() for label in dialog.findChildren(QLabel)]
    dialog.close()
