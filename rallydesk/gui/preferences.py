"""Where the desk keeps its settings: one ini file in the user's settings folder, on every OS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

#: set by :func:`leave_user_settings_alone`: the throw-away copy every setting is read from and
#: written to for the rest of the run
_scratch: list[Path] = []


def leave_user_settings_alone() -> None:
    """From now on this run writes no user setting (a ``--screenshot`` run): the settings are
    read from a copy of the user's file, and whatever the desk remembers (recent events, the
    window's place, a backup folder) goes into that copy, deleted at exit."""
    if _scratch:
        return
    import atexit
    import shutil
    import tempfile

    from ..paths import settings_dir

    folder = Path(tempfile.mkdtemp(prefix="rallydesk-settings-"))
    atexit.register(shutil.rmtree, folder, True)
    real = settings_dir() / "rallydesk.ini"
    if real.exists():
        shutil.copyfile(real, folder / "rallydesk.ini")
    _scratch.append(folder / "rallydesk.ini")


def user_settings_left_alone() -> bool:
    """True in a ``--screenshot`` run: nothing of the user's is written (nor a session marker)."""
    return bool(_scratch)


def use_user_settings() -> None:
    """Settings are the user's file again (after a screenshot run within one process: the tests)."""
    _scratch.clear()


def settings() -> QSettings:
    """The desk's settings: one ini file in the user's settings folder (platformdirs), on every OS.

    The first time, what Qt kept in its native place (before 0.2) is carried over.
    """
    from ..paths import settings_dir

    path = _scratch[0] if _scratch else settings_dir() / "rallydesk.ini"
    fresh = not path.exists()
    s = QSettings(str(path), QSettings.Format.IniFormat)
    if fresh:
        old = QSettings("RallyDesk", "RallyDesk")
        for key in old.allKeys():
            s.setValue(key, old.value(key))
        s.setValue("settings_file", 1)  # the file now exists: carried over once only
        s.sync()
    return s


class _Key:
    """One setting: its key, type and default, written once (a descriptor of :class:`Preferences`)."""

    def __init__(self, key: str, default: Any, kind: type | None = None) -> None:
        self.key, self.default, self.kind = key, default, kind

    def __get__(self, prefs: Preferences | None, owner: type) -> Any:
        if prefs is None:
            return self
        if self.kind is None:
            return prefs.qsettings.value(self.key, self.default)
        return prefs.qsettings.value(self.key, self.default, type=self.kind)

    def __set__(self, prefs: Preferences, value: Any) -> None:
        prefs.qsettings.setValue(self.key, value)


class Preferences:
    """The desk's own settings, typed, each key defined once (QSettings underneath).

    ``Preferences().dark = True`` is remembered for the next start; nothing here belongs to an event
    (what does is kept in the event file).
    """

    dark = _Key("dark", False, bool)  # the night theme
    follow_keyed = _Key("follow_keyed", True, bool)  # views scroll to the crew just keyed
    language = _Key("language", "system", str)  # "system", "en" or "fr"; applies at the next start
    last = _Key("last", None)  # the event that reopens at start
    geometry = _Key("geometry", None)  # the window's place and size
    idle_lock_minutes = _Key("idle_lock_minutes", 0, int)  # 0: the desk never locks itself
    desk_name = _Key(
        "desk_name", "", str
    )  # this computer's name in the journal (default: host name)
    export_format = _Key("export/format", "xlsx", str)  # the last export's kind: "xlsx" or "pdf"
    export_folder = _Key("export/folder", None)  # where the last export went
    printer = _Key("print/printer", "", str)  # the printer chosen last
    table_zoom = _Key(
        "table_zoom", 0, int
    )  # steps of Ctrl++ / Ctrl+- on the tables (0: the font's size)

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings or settings()

    @property
    def recent(self) -> list[str]:
        """Recently opened events, newest first (QSettings gives one string for a list of one)."""
        value = self.qsettings.value("recent", [])
        if isinstance(value, str):
            return [value]
        return [str(p) for p in value] if isinstance(value, list) else []

    @recent.setter
    def recent(self, paths: list[str]) -> None:
        self.qsettings.setValue("recent", list(paths))

    def backup_folder(self, event: Path) -> str | None:
        """The backup folder last used for this event: offered when its file is found damaged."""
        folder = self.qsettings.value(f"backup_folder/{Path(event).resolve()}")
        return str(folder) if folder else None

    def set_backup_folder(self, event: Path, folder: str | None) -> None:
        key = f"backup_folder/{Path(event).resolve()}"
        if folder:
            self.qsettings.setValue(key, folder)
        else:
            self.qsettings.remove(key)
