"""Writing a sheet file (workbook, PDF) so that it is whole or absent, never half (issue 21).

The bytes are made in memory first; they then go to a temporary file in the target's folder,
are flushed, synced and checked (size), and the file is renamed over the target in one step.
On any failure (a full disk, a read-only medium, no permission…) the temporary file is removed,
an existing file of that name is left as it was, and the message names the file and the cause.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from ..domain.errors import RallyDeskError
from ..paths import user_file_mode

#: The causes an official can act on, in their words.
_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the medium is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "the folder does not exist",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EIO: "the disk reported an error",
}


def cause(exc: OSError) -> str:
    return _CAUSES.get(exc.errno or 0) or exc.strerror or str(exc)


def write_whole(out: Path, data: bytes, what: str) -> Path:
    """Put ``data`` at ``out`` whole (temporary file, fsync, size check, atomic rename)."""
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    existed = out.exists()
    if not data:
        raise RallyDeskError(f"{out}: the {what} came out empty; nothing was written")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".rallydesk-", suffix=out.suffix, dir=folder)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        size = os.stat(tmp).st_size
        if size != len(data):
            raise OSError(errno.EIO, f"{size} of {len(data)} bytes reached the disk")
        os.chmod(tmp, user_file_mode())  # mkstemp makes it private; a sheet is for everyone
        os.replace(tmp, out)
        tmp = None
        _sync_folder(folder)
    except OSError as exc:
        kept = f"; {out.name} is left as it was" if existed else ""
        raise RallyDeskError(
            f"{out}: cannot write the {what} ({cause(exc)}); nothing was written{kept}"
        ) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return out


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); a folder that cannot be synced is no failure of the file."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
