"""How the store opens an event file, and what it may know of a file before opening it.

Every SQLite connection of RallyDesk goes through here, so that three rules hold everywhere:
- a path becomes a properly escaped ``file:`` URI (a ``#``, ``?`` or ``%`` in a folder name is
  an ordinary character, not the start of a URI fragment or query);
- a file is recognised from its header bytes *before* SQLite touches it, so another program's
  database or an empty file is refused without being switched to WAL or growing side files;
- a read-only open works on read-only media (a write-protected USB stick, a CD), where SQLite's
  usual read-only mode cannot create the ``-shm`` file a WAL database needs.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import RallyDeskError
from ..paths import SQLITE_MAGIC, user_file_mode

#: "RDSK" in the SQLite header: tells a RallyDesk event from any other SQLite file.
APPLICATION_ID = 0x5244534B
#: errno values that mean "this medium or file cannot be written".
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


class NotAnEvent(RallyDeskError):
    """The file is not a RallyDesk event (nothing was changed in it)."""


@dataclass(frozen=True)
class Header:
    size: int
    is_sqlite: bool
    application_id: int
    wal: bool  # the file is in WAL mode (header bytes 18/19 == 2)


def read_header(path: Path) -> Header:
    """The first 100 bytes, read as plain bytes: recognising a file never changes it."""
    with open(path, "rb") as fh:
        head = fh.read(100)
        size = os.fstat(fh.fileno()).st_size
    is_sqlite = head.startswith(SQLITE_MAGIC) and len(head) == 100
    app_id = int.from_bytes(head[68:72], "big") if is_sqlite else 0
    wal = is_sqlite and head[18] == 2 and head[19] == 2
    return Header(size, is_sqlite, app_id, wal)


def require_event_file(path: Path) -> Header:
    """Refuse, untouched, anything that is not a RallyDesk event file."""
    if len(path.name.encode()) > name_max(path.parent):
        raise NotAnEvent(
            f"{path}: no such event file (the name is longer than this file system allows, "
            f"{name_max(path.parent)} bytes)"
        )
    try:
        if not os.path.lexists(path) or not path.exists():
            raise NotAnEvent(f"{path}: no such event file")
        if path.is_dir():
            raise NotAnEvent(f"{path}: is a folder, not an event file")
        header = read_header(path)
    except OSError as exc:
        raise NotAnEvent(os_reason(exc, path, "cannot be read")) from None
    if header.size == 0:
        raise NotAnEvent(f"{path}: the file is empty (0 bytes), not a RallyDesk event file")
    if not header.is_sqlite:
        raise NotAnEvent(f"{path}: not a RallyDesk event file (not an SQLite database)")
    if header.application_id == 0 and _pending_wal(path):
        # a crash before the first checkpoint may leave page 1 only in the WAL: ask SQLite, read-only
        header = Header(header.size, True, _application_id_through_sqlite(path), header.wal)
    if header.application_id != APPLICATION_ID:
        raise NotAnEvent(
            f"{path}: not a RallyDesk event file (an SQLite database of another program, "
            f"application id {header.application_id:#x})"
        )
    return header


def _pending_wal(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0


def _application_id_through_sqlite(path: Path) -> int:
    try:
        conn = connect_readonly(path)
        try:
            return int(conn.execute("PRAGMA application_id").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


#: What an official is told an errno means (the rest: the system's own words).
_REASONS = {
    errno.EROFS: "the medium is read-only (a write-protected stick or card, a CD?)",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "is a folder",
    errno.EIO: "a disk input/output error (was the USB stick removed?)",
    errno.ELOOP: "too many symbolic links",
    errno.EMFILE: "too many files open",
    errno.ENAMETOOLONG: "the name is too long for this file system",
}


def os_reason(exc: OSError, path: Path | str, doing: str) -> str:
    """An operating-system error as words an official can act on: which path, what could not be
    done, and why (``doing``: "no backup can be written there", "cannot be read" …)."""
    where = exc.filename if exc.filename else path
    why = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    if exc.errno == errno.ENAMETOOLONG:
        folder = Path(str(where)).parent
        why += f" (at most {name_max(folder)} bytes a name); choose a shorter name"
    return f"{where}: {doing}: {why}"


def is_event_file(path: Path) -> bool:
    try:
        require_event_file(path)
    except NotAnEvent:
        return False
    return True


def uri(path: Path, **params: str) -> str:
    """An escaped ``file:`` URI; any character a file system allows in a name survives."""
    text = Path(os.path.abspath(path)).as_uri()
    if params:
        text += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return text


def open_desk_file(
    path: Path, schema: str, setup: Callable[[sqlite3.Connection], None] | None = None
) -> sqlite3.Connection:
    """A small durable file of this desk's own (its outbox, its replica of a server event): one
    file with nothing beside it, every commit on disk, private to the user, its name durable
    when new. ``setup`` runs after the schema (it may refuse the file). Raises what SQLite or
    the OS raise: each caller says it in its own words."""
    fresh = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.executescript(schema)
        if setup is not None:
            setup(conn)
    except BaseException:
        conn.close()
        raise
    if fresh:
        os.chmod(path, 0o600)  # private to the user, whatever the umask
        fsync_folder(path.parent)  # the new file's name is durable too
    return conn


def connect_readonly(path: Path, timeout_ms: int = 5000) -> sqlite3.Connection:
    """A read-only connection that also works on read-only media.

    First SQLite's ``mode=ro``; where that cannot work (no right to create ``-shm`` beside a WAL
    file), ``immutable=1`` when no WAL content is pending, else a private copy of the file and
    its WAL in a temporary folder, so that no committed change is ever missed.
    """
    conn = sqlite3.connect(uri(path, mode="ro"), uri=True)
    conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if not _cannot_write_beside(path, exc):
            raise
    wal = Path(str(path) + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        conn = sqlite3.connect(uri(path, mode="ro", immutable="1"), uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    return _connect_private_copy(path)


def _cannot_write_beside(path: Path, exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return True
    return not os.access(path.parent, os.W_OK)


def _connect_private_copy(path: Path) -> sqlite3.Connection:
    """A read-only medium with pending WAL content: read a copy, never the original."""
    folder = Path(tempfile.mkdtemp(prefix="rallydesk-ro-"))
    copy = folder / "event.rallydesk"
    shutil.copyfile(path, copy)
    shutil.copyfile(Path(str(path) + "-wal"), Path(str(copy) + "-wal"))
    conn = sqlite3.connect(uri(copy, mode="ro"), uri=True)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def connect_writable(path: Path, timeout_ms: int = 5000) -> sqlite3.Connection:
    conn = sqlite3.connect(uri(path), uri=True)
    conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")
    return conn


def can_write(path: Path) -> bool:
    """Whether the file and its folder can be written (the folder holds the WAL and lock)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def publish_file(tmp: Path, dest: Path) -> None:
    """Give a finished temporary file normal permissions, then put it in place atomically."""
    os.chmod(tmp, user_file_mode())
    os.replace(tmp, dest)


#: Every temporary file RallyDesk writes beside its final name starts and ends so (a short name:
#: it fits beside the longest name a file system allows).
TEMP_PREFIX, TEMP_SUFFIX = ".rallydesk-", ".part"
#: A temporary file untouched this long, and not locked, was left by a writer that died.
LEFTOVER_AGE_S = 60.0


def name_max(folder: Path) -> int:
    """The longest file name (in bytes) the folder's file system allows."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return 255


def fit_stem(folder: Path, stem: str, tail: str, room: int = 4) -> str:
    """``stem`` shortened (from its end) so that ``stem + tail`` and a ``-NN`` counter fit in a
    name of this folder: a backup of the longest allowed event name still gets a name."""
    limit = name_max(folder) - len(tail.encode()) - room
    while stem and len(stem.encode()) > limit:
        stem = stem[:-1]
    return stem


def temp_file(folder: Path) -> tuple[int, Path]:
    """A new temporary file in ``folder`` (fd, path), locked while its writer lives: the leftover
    of a writer that died (a power cut) is recognised by :func:`remove_leftovers` and removed."""
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    try:
        _try_lock(fd)
    except OSError:
        pass
    return fd, Path(name)


def _try_lock(fd: int) -> bool:
    """An exclusive, non-blocking lock on the file (POSIX ``flock``); False when it is held."""
    if os.name != "posix":
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def remove_leftovers(folder: Path, final: re.Pattern[str] | None = None) -> list[Path]:
    """Remove what writers that died mid-copy left in ``folder``: their temporary files (ours,
    and the ``.NAME.XXXX.part`` of older versions) and, matching ``final``, the empty files older
    versions reserved under a final name. A file another process is writing (locked) stays."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    side = re.compile(r"-(journal|wal|shm)$")  # SQLite's own files beside a copy: after it
    for name in sorted(names, key=lambda n: side.search(n) is not None):
        base = side.sub("", name)
        if base != name and (folder / base).exists():
            continue  # its copy is alive (or stays): so does its side file
        temp = base.endswith(TEMP_SUFFIX) and (
            base.startswith(TEMP_PREFIX) or (base.startswith(".") and ".rallydesk." in base)
        )
        empty_final = final is not None and final.fullmatch(name) is not None
        if not (temp or empty_final):
            continue
        path = folder / name
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            if empty_final and not temp and os.fstat(fd).st_size != 0:
                continue
            if time.time() - os.fstat(fd).st_mtime < LEFTOVER_AGE_S or not _try_lock(fd):
                continue  # a copy under way in another process
            path.unlink()
            removed.append(path)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def place_new(tmp: Path, dest: Path) -> None:
    """Rename a finished file to ``dest`` in one atomic step that never replaces a file:
    :class:`FileExistsError` when ``dest`` exists. Nothing is ever under ``dest`` half-written."""
    os.chmod(tmp, user_file_mode())
    rename_new(tmp, dest)


def rename_new(tmp: Path, dest: Path) -> None:
    """Rename ``tmp`` to ``dest`` atomically, never replacing a file (:class:`FileExistsError`)."""
    if os.name == "nt":
        os.rename(tmp, dest)  # Windows: never replaces
        return
    if _renameat2_noreplace(tmp, dest):
        return
    try:
        os.link(tmp, dest)  # atomic and exclusive where the file system has hard links
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(dest):  # FAT and the like: no link, no exclusive rename
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(dest)) from None
        os.replace(tmp, dest)
        return
    os.unlink(tmp)


def _renameat2_noreplace(tmp: Path, dest: Path) -> bool:
    """Linux's exclusive rename; False where the system or file system does not have it."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_noreplace = -100, 1
    if func(at_fdcwd, os.fsencode(tmp), at_fdcwd, os.fsencode(dest), rename_noreplace) == 0:
        return True
    err = ctypes.get_errno()
    if err == errno.EEXIST:
        raise FileExistsError(err, os.strerror(err), str(dest))
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(dest))


def place_under_new_name(tmp: Path, folder: Path, stem: str, suffix: str) -> Path:
    """Put a finished file in ``folder`` as ``stem + suffix`` (or ``stem-2 + suffix`` …), never
    over an existing file; returns its name."""
    stem = fit_stem(folder, stem, suffix)
    n = 1
    while True:
        candidate = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            place_new(tmp, candidate)
        except FileExistsError:
            n += 1
            continue
        return candidate


def reserve_new_name(folder: Path, stem: str, suffix: str) -> Path:
    """Create ``stem + suffix`` (or ``stem-2 + suffix`` …) exclusively: never an existing file."""
    n = 1
    while True:
        candidate = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            n += 1
            continue
        os.close(fd)
        return candidate


def fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
