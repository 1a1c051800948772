"""Where RallyDesk finds its own files and keeps the user's.

Resources (icons, demo data, fonts, translations) live inside the package and are reached through
``importlib.resources``, so a wheel, pipx or a frozen bundle finds them where a clone does.  The
user's folders (data, logs, settings) come from ``platformdirs``: the conventional place on Linux,
Windows and macOS.  ``RALLYDESK_DATA`` puts all three under one folder (tests, a USB-stick desk).
"""

from __future__ import annotations

import os
import shutil
import sys
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs

#: Lower case on Linux (~/.local/share/rallydesk, as before platformdirs), the display name elsewhere.
APP_DIR_NAME = "rallydesk" if sys.platform.startswith("linux") else "RallyDesk"


def version() -> str:
    """The one version number: the installed distribution's (pyproject.toml), also in a bundle."""
    try:
        return metadata.version("rallydesk")
    except metadata.PackageNotFoundError:  # a source tree on sys.path without an install
        return "0+unknown"


def _user_dir(kind: str) -> Path:
    override = os.environ.get("RALLYDESK_DATA")
    if override:
        path = Path(override) if kind == "data" else Path(override) / kind
    elif kind == "data":
        path = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    elif kind == "logs":
        path = Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))
    else:
        path = Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def private_folder(folder: Path) -> Path:
    """``folder``, made if missing, readable by its user only (0700 on POSIX; a folder of
    another user's is left as it is: its files are made 0600 all the same)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    _only_its_user(folder, 0o700)
    return folder


def private_file(path: Path) -> None:
    """Make an existing file readable and writable by its user only (0600 on POSIX)."""
    _only_its_user(path, 0o600)


def _only_its_user(path: Path, mode: int) -> None:
    """Take every permission of the group and others away (POSIX; elsewhere nothing to do)."""
    if os.name == "posix":
        try:
            if path.stat().st_mode & 0o077:
                os.chmod(path, mode)
        except OSError:
            pass


def data_dir() -> Path:
    """The user's RallyDesk data (the demo event)."""
    return _user_dir("data")


def log_dir() -> Path:
    """Where the rotating log goes (``RALLYDESK_DATA/logs`` under the override): private to the
    user (0700), as the log says what the desk did."""
    return private_folder(_user_dir("logs"))


def settings_dir() -> Path:
    """Where the desk's settings file goes (``RALLYDESK_DATA/settings`` under the override)."""
    return _user_dir("settings")


def resource(*parts: str) -> Traversable:
    """A file or folder under ``rallydesk/resources``."""
    return resources.files("rallydesk").joinpath("resources", *parts)


def resource_file(*parts: str) -> Path:
    """A real path to a resource, for APIs that want one (Qt, the importers).

    Installed as files (wheel, editable, PyInstaller bundle) that is the package's own file; from a
    zip it is a copy in the user's cache folder.
    """
    res = resource(*parts)
    if isinstance(res, Path):
        return res
    target = (
        Path(platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False)) / version() / Path(*parts)
    )
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with resources.as_file(res) as tmp:
            shutil.copyfile(tmp, target)
    return target


def user_file_mode() -> int:
    """The permissions a new file gets under the user's umask (0644 under the usual 022).

    Files first written under a private temporary name (``mkstemp`` makes them 0600) get these
    before they are put in place, so a workbook or a backup is readable as any other file.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


SQLITE_MAGIC = b"SQLite format 3\x00"


def is_database(path: Path) -> bool:
    """Whether ``path`` is an SQLite database (an event, say): an export must never replace one."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def login_name() -> str:
    """The user's login name, or "unknown" where the system has none (a bare container, a service)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # getpass raises whatever the platform's look-up raises
        return "unknown"
