"""The desk's log: what was opened, imported, exported, backed up, and every refusal.

When a night goes wrong, the log in the user's log folder says what the desk did and what it
refused, with the traceback of anything unexpected: the official sees a sentence, the support
sees the details.  Modules log to ``rallydesk.*`` loggers; only the programs (the GUI, the command
line) attach the file, so the library used from Python writes nowhere by itself.

No secret reaches the file: every line (message, arguments, traceback) goes through the one
redaction, :func:`domain.secrets.redact`, as it is written. The file and its folder are private
to the user (0600, 0700): the log says what the desk did and where its events are.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from pathlib import Path
from typing import cast

from .domain.secrets import redact

LOGGER = "rallydesk"
LOG_NAME = "rallydesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(process)d] %(message)s"

log = logging.getLogger(LOGGER)


class _QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A log that cannot be written (full disk, two desks rotating at once on Windows) is dropped:
    never a traceback on the official's screen because of the log itself."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        pass

    def _open(self) -> io.TextIOWrapper:
        """The log file, created readable by its user only; one left readable by others (an
        older RallyDesk's) is made private too."""
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        if os.name == "posix":
            try:
                os.fchmod(fd, 0o600)
            except OSError:  # (another user's file: theirs to keep private)
                pass
        return cast(
            io.TextIOWrapper, open(fd, self.mode, encoding=self.encoding, errors=self.errors)
        )


class _RedactingFormatter(logging.Formatter):
    """Each whole line, traceback included, without any password (a server URL, a DSN)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging(folder: Path | None = None) -> Path:
    """Attach the rotating log file (once per folder) and return its path."""
    if folder is None:
        from .paths import log_dir

        folder = log_dir()
    from .paths import private_file, private_folder

    path = private_folder(Path(folder)) / LOG_NAME
    for old in path.parent.glob(LOG_NAME + "*"):  # the rotated ones too
        private_file(old)
    for handler in list(log.handlers):
        if isinstance(handler, _QuietRotatingFileHandler):
            if Path(handler.baseFilename) == path.resolve():
                return path
            log.removeHandler(handler)  # RALLYDESK_DATA changed (tests): follow it
            handler.close()
    handler = _QuietRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handler.setFormatter(_RedactingFormatter(_FORMAT))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def log_file() -> Path | None:
    """The file the log goes to, if one is attached."""
    for handler in log.handlers:
        if isinstance(handler, _QuietRotatingFileHandler):
            return Path(handler.baseFilename)
    return None


#: The longest refusal the log keeps whole: a message quoting a whole file never fills it.
MAX_REFUSAL = 20_000


def refused(message: str, where: str = "") -> None:
    """A refusal shown to the user (a RallyDeskError in a dialog, a red line, the command line)."""
    from .domain.errors import clipped

    logging.getLogger(f"{LOGGER}.refusal").warning(
        "refused%s: %s", f" ({where})" if where else "", clipped(message, MAX_REFUSAL)
    )


def detach_logging() -> None:
    """Close and remove the log file handler (tests, and before the log folder is moved)."""
    for handler in list(log.handlers):
        if isinstance(handler, _QuietRotatingFileHandler):
            log.removeHandler(handler)
            handler.close()


#: Where a native crash (Qt abort, segmentation fault) writes the Python stack of every thread.
FAULTS_NAME = "rallydesk-faults.log"
_faults: list[io.TextIOWrapper] = []  # the open file faulthandler writes to (kept open)


def enable_fault_log(folder: Path | None = None) -> Path:
    """A native abort leaves the stacks of every thread in the log folder (faulthandler):
    otherwise a Qt abort leaves nothing behind. Appended, private, one file per folder."""
    import faulthandler

    if folder is None:
        from .paths import log_dir

        folder = log_dir()
    from .paths import private_file, private_folder

    path = private_folder(Path(folder)) / FAULTS_NAME
    if _faults and Path(_faults[0].name) == path:
        return path
    stream = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open for the process's life
    private_file(path)
    faulthandler.enable(stream, all_threads=True)
    for old in _faults:
        old.close()
    _faults[:] = [stream]
    return path
