"""Where the desk keeps its settings: one ini file in the user's settings folder, on every OS."""

from __future__ import annotations

from PySide6.QtCore import QSettings


def settings() -> QSettings:
    """The desk's settings: one ini file in the user's settings folder (platformdirs), on every OS.

    The first time, what Qt kept in its native place (before 0.2) is carried over.
    """
    from ..paths import settings_dir

    path = settings_dir() / "rallydesk.ini"
    fresh = not path.exists()
    s = QSettings(str(path), QSettings.Format.IniFormat)
    if fresh:
        old = QSettings("RallyDesk", "RallyDesk")
        for key in old.allKeys():
            s.setValue(key, old.value(key))
        s.setValue("settings_file", 1)  # the file now exists: carried over once only
        s.sync()
    return s
