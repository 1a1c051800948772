"""Help > About answers support's first questions: which version, which libraries, where the files are."""

from __future__ import annotations

from importlib import metadata

from rallydesk.cli import main
from rallydesk.paths import version


def test_one_version_everywhere(capsys):
    assert version() == metadata.version("rallydesk")
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert capsys.readouterr().out.strip() == f"rallydesk {version()}"
    import rallydesk

    assert rallydesk.__version__ == version()


def test_about_shows_version_licences_and_the_event_paths(qtbot, window, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    window.rally_event.set_backup_folder(folder)
    dialog = window.about_dialog()
    qtbot.addWidget(dialog)
    text = dialog.label.text()
    assert f"RallyDesk {version()}" in text
    for name, licence in (
        ("Qt", "LGPL-3.0-only"),
        ("PySide6", "LGPL-3.0-only"),
        ("openpyxl", "MIT"),
        ("sqlite-utils", "Apache-2.0"),
        ("DejaVu Sans Mono", "Bitstream Vera"),
    ):
        assert name in text and licence in text
    # the texts themselves, not addresses: a bivouac has no internet
    texts = dialog.texts.toPlainText()
    assert "https://" not in text
    for words in (
        "GNU LESSER GENERAL PUBLIC LICENSE",  # Qt, PySide6, psycopg
        "Apache License",  # sqlite-utils, OpenSSL
        "PostgreSQL",  # libpq
        "Kerberos",
        "Unicode",  # ICU
        "Bitstream Vera",
    ):
        assert words in texts, words
    assert str(window.rally_event.path) in text
    assert str(folder) in text
    assert "rallydesk.log" in text


def test_about_without_an_event_says_so(qtbot):
    from rallydesk.gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    dialog = w.about_dialog()
    qtbot.addWidget(dialog)
    assert "none open" in dialog.label.text()
    help_menu = [a for a in w.menuBar().actions() if a.text() == "&Help"]
    assert help_menu and [a.text() for a in help_menu[0].menu().actions()] == [
        "&Server…",
        "&About RallyDesk",
    ]
    assert not help_menu[0].menu().actions()[0].isEnabled()  # no server event open


def test_the_application_carries_the_version_and_the_keying_font(qtbot):
    from PySide6.QtGui import QFontDatabase

    from rallydesk.gui.app import _application

    app = _application()  # also when pytest-qt made the QApplication first
    assert app.applicationVersion() == version()
    assert "DejaVu Sans Mono" in QFontDatabase.families()
