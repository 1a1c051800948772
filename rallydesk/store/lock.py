"""One writer per event: a second desk gets a clear refusal and may open the event read-only.

The lock is taken on the event's database file itself (an OS lock the kernel drops when the
process dies, however it dies), so it holds whatever name reaches the file: a symlink, a hard
link, another spelling of the path.  Deleting the ``EVENT.lock`` file beside it changes nothing:
that file only says who holds the lock, for the message.  When the lock cannot be taken (the file
or its medium cannot be written) the event is not opened for writing at all.

One small interface, :class:`WriterLock`, over two mechanisms: ``flock`` on POSIX (independent
of SQLite's own byte-range locks) and ``msvcrt.locking`` on Windows on one byte far past SQLite's
lock page.  Neither module is imported until a lock is taken, so everything imports everywhere.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.errors import RallyDeskError
from ..paths import login_name
from .files import READ_ONLY_ERRNOS

#: Windows: the byte locked, beyond SQLite's lock page at 1 GiB (an event never reaches 2 GiB).
_WINDOWS_LOCK_OFFSET = 0x7FFF0000
#: File systems on which SQLite's WAL (shared memory) is not safe.
NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "davfs",
        "fuse.davfs2",
        "fuse.rclone",
        "lustre",
        "ncpfs",
    }
)


class EventLocked(RallyDeskError):
    """The event is open for writing elsewhere."""


class EventNotWritable(RallyDeskError):
    """The event's file or medium cannot be written: it can only be opened read-only."""


def lock_path(event_path: Path) -> Path:
    """Where the holder's name is written (informative only: the lock is on the event itself)."""
    return event_path.with_name(event_path.name + ".lock")


class WriterLock:
    def __init__(self, event_path: Path) -> None:
        self.event_path = Path(event_path)
        self.real_path = Path(os.path.realpath(event_path))
        self.path = lock_path(self.real_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        try:
            fd = os.open(self.real_path, os.O_RDWR)
        except OSError as exc:
            if exc.errno in READ_ONLY_ERRNOS:
                raise EventNotWritable(
                    f"{self.event_path}: cannot be written ({exc.strerror}: a read-only medium or file); "
                    "open it read-only to read it"
                ) from None
            raise RallyDeskError(
                f"{self.event_path}: cannot be opened for writing ({exc.strerror})"
            ) from None
        try:
            _lock(fd)
        except BlockingIOError:
            os.close(fd)
            raise EventLocked(_message(self.event_path, _read_holder(self.path))) from None
        except OSError as exc:
            os.close(fd)
            raise RallyDeskError(
                f"{self.event_path}: the one-writer lock cannot be taken ({exc.strerror}); "
                "not opened for writing, so that no two desks write at once"
            ) from None
        self._fd = fd
        _write_holder(self.path)

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _clear_holder(self.path)
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                raise BlockingIOError(exc.errno, exc.strerror) from None
            raise
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _write_holder(path: Path) -> None:
    """Best effort: a missing holder file only makes the refusal message less precise."""
    info = {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "user": login_name(),
        "since": datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    try:
        path.write_text(json.dumps(info), encoding="utf-8")
    except OSError:
        pass


def _clear_holder(path: Path) -> None:
    try:
        path.write_text("", encoding="utf-8")
    except OSError:
        pass


def _read_holder(path: Path) -> dict[str, Any]:
    try:
        found = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _message(event_path: Path, holder: dict[str, Any]) -> str:
    if not holder.get("host"):
        return (
            f"{event_path.name} is open for writing on another desk (through another name of the same "
            "file); open it read-only, or close it there first"
        )
    since = holder.get("since", "?")
    try:
        since = datetime.fromisoformat(since).strftime("%Y-%m-%d %H:%M:%S")
    except (TypeError, ValueError):
        pass
    return (
        f"{event_path.name} is open for writing on desk {holder.get('host', '?')} (process "
        f"{holder.get('pid', '?')}, user {holder.get('user', '?')}) since {since}; open it read-only, "
        "or close it there first"
    )


def network_file_system(path: Path, mounts: str | None = None) -> str | None:
    """The network file system type the file lies on, if any (where SQLite's WAL is unsafe).

    ``mounts`` is the text of ``/proc/self/mounts`` (read when not given; Linux).
    """
    real = os.path.realpath(path)
    if sys.platform == "win32":
        return _windows_remote(real)
    if mounts is None:
        try:
            with open("/proc/self/mounts", encoding="utf-8") as fh:
                mounts = fh.read()
        except OSError:
            return None
    best, kind = "", None
    for fields in (line.split() for line in mounts.splitlines()):
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind if kind in NETWORK_FILE_SYSTEMS else None


def _windows_remote(real: str) -> str | None:
    if real.startswith("\\\\"):
        return "network share"
    if sys.platform != "win32":  # a drive letter means nothing elsewhere (ctypes has no windll)
        return None
    try:
        import ctypes

        drive = os.path.splitdrive(real)[0] + "\\"
        if ctypes.windll.kernel32.GetDriveTypeW(drive) == 4:  # DRIVE_REMOTE
            return "network drive"
    except (AttributeError, OSError):
        pass
    return None


def network_warning(path: Path) -> str | None:
    kind = network_file_system(path)
    if kind is None:
        return None
    return (
        f"{path} lies on a network file system ({kind}): SQLite's write-ahead log is not safe there "
        "and two desks could damage the event; keep the event on this computer's own disk"
    )
