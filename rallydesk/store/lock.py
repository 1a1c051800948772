"""One writer per event file: a second desk gets a clear refusal and may open it read-only.

The lock is an OS advisory lock (``flock``) on ``EVENT.lock``, held for as long as the event is
open for writing.  The kernel releases it when the process dies, however it dies, so a lock left
by a crashed desk is simply taken over; the file's text says who holds it, for the message.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
import socket
from datetime import datetime
from pathlib import Path

from ..domain.errors import RallyDeskError


class EventLocked(RallyDeskError):
    """The event is open for writing elsewhere."""


def lock_path(event_path: Path) -> Path:
    return event_path.with_name(event_path.name + ".lock")


class WriterLock:
    def __init__(self, event_path: Path) -> None:
        self.path = lock_path(event_path)
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            # a read-only medium: nobody can write there, so there is nothing to guard
            if exc.errno in (30, 13):  # EROFS, EACCES
                return
            raise RallyDeskError(f"{self.path}: cannot create the lock file ({exc.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            raise EventLocked(_message(self.path, holder)) from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({
            "host": socket.gethostname(), "pid": os.getpid(), "user": _user(),
            "since": datetime.now().astimezone().isoformat(timespec="seconds"),
        }).encode())
        os.fsync(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def _read(fd: int) -> dict:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return json.loads(os.read(fd, 4096).decode() or "{}")
    except (OSError, ValueError):
        return {}


def _message(path: Path, holder: dict) -> str:
    event = path.name[: -len(".lock")]
    since = holder.get("since", "?")
    try:
        since = datetime.fromisoformat(since).strftime("%Y-%m-%d %H:%M:%S")
    except (TypeError, ValueError):
        pass
    return (
        f"{event} is open for writing on desk {holder.get('host', '?')} (process {holder.get('pid', '?')}, "
        f"user {holder.get('user', '?')}) since {since}; open it read-only, or close it there first"
    )
