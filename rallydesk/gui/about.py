"""Help > About: the version, the bundled libraries' licences, and where this event's files are.

Support on the phone starts with "which version, which file, where is the log?": the answers
are here, selectable for copying.  The LGPL asks that users can tell Qt and PySide6 are inside
and under which licence.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..licences import library_versions as base_versions
from ..licences import notices
from ..logs import log_file
from ..paths import log_dir, resource, version


def library_versions() -> dict[str, str]:
    import PySide6

    versions = base_versions()
    versions["Qt"] = qVersion()
    versions["PySide6_Essentials"] = PySide6.__version__
    return versions


def font_licences() -> list[str]:
    """The licence files of bundled fonts (``resources/fonts/LICENSE*``), if any are bundled."""
    fonts = resource("fonts")
    if not fonts.is_dir():
        return []
    return sorted(item.name for item in fonts.iterdir() if item.name.upper().startswith("LICENSE"))


class AboutDialog(QDialog):
    def __init__(
        self, event_path: Path | None, backup_folder: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About RallyDesk"))
        versions = library_versions()
        shipped = notices()
        rows = "".join(
            f"<tr><td>{html.escape(n.name)} {html.escape(versions.get(n.name, n.version))}</td>"
            f"<td>&nbsp;{html.escape(n.licence)}&nbsp;</td><td>{html.escape(n.inside)}</td></tr>"
            for n in shipped
        )
        vera, in_resources = self.tr("Bitstream Vera licence"), self.tr("(in the resources folder)")
        for name in font_licences():
            rows += (
                f"<tr><td>DejaVu Sans Mono</td><td>&nbsp;{vera}&nbsp;</td>"
                f"<td>{html.escape(name)} {in_resources}</td></tr>"
            )
        log = log_file() or (log_dir() / "rallydesk.log")
        event_word, backups_word, log_word = self.tr("Event"), self.tr("Backups"), self.tr("Log")
        none_open = self.tr("none open")
        if event_path is None:
            event_rows = f"<tr><td>{event_word}</td><td>{none_open}</td></tr>"
        else:
            backups = backup_folder or self.tr("automatic backups are off (Set-up tab)")
            event_rows = (
                f"<tr><td>{event_word}</td><td>{html.escape(str(event_path))}</td></tr>"
                f"<tr><td>{backups_word}</td><td>{html.escape(str(backups))}</td></tr>"
            )
        lgpl = self.tr(
            "Qt and PySide6 are used under the GNU LGPL version 3: you may replace them with "
            "your own build of the same version."
        )
        what = self.tr("Timing desk for cross-country rallies.")
        bundled = self.tr("Bundled libraries and their licences")
        text = (
            f"<h2>RallyDesk {html.escape(version())}</h2>"
            f"<p>{what}</p>"
            f"<table>{event_rows}<tr><td>{log_word}</td><td>{html.escape(str(log))}</td></tr></table>"
            f"<h3>{bundled}</h3><table>{rows}</table>"
            f"<p>{lgpl}</p>"
        )
        self.label = QLabel(text)
        # every licence in full (a bivouac has no internet for a URL), selectable for copying
        self.texts = QPlainTextEdit()
        self.texts.setReadOnly(True)
        self.texts.setPlainText(
            "\n\n".join(
                f"==== {n.name} {versions.get(n.name, n.version)} ({n.licence})"
                + (f" [{n.inside}]" if n.inside else "")
                + f" ====\n\n{n.text}"
                for n in shipped
            )
        )
        fonts = [resource("fonts", name).read_text(encoding="utf-8") for name in font_licences()]
        if fonts:
            self.texts.appendPlainText("\n\n==== DejaVu fonts ====\n\n" + fonts[0])
        self.texts.moveCursor(self.texts.textCursor().MoveOperation.Start)
        self.texts.setMinimumHeight(200)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.label.setOpenExternalLinks(True)
        self.label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidget(self.label)
        scroll.setWidgetResizable(True)
        scroll.setMinimumHeight(320)
        layout.addWidget(scroll)
        layout.addWidget(QLabel(self.tr("Full licence texts")))
        layout.addWidget(self.texts)
        layout.addWidget(buttons)
