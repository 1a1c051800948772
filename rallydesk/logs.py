"""The desk's log: what was opened, imported, exported, backed up, and every refusal.

When a night goes wrong, the log in the user's log folder says what the desk did and what it
refused, with the traceback of anything unexpected: the official sees a sentence, the support
sees the details.  Modules log to ``rallydesk.*`` loggers; only the programs (the GUI, the command
line) attach the file, so the library used from Python writes nowhere by itself.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

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


def setup_logging(folder: Path | None = None) -> Path:
    """Attach the rotating log file (once per folder) and return its path."""
    if folder is None:
        from .paths import log_dir

        folder = log_dir()
    path = Path(folder) / LOG_NAME
    for handler in list(log.handlers):
        if isinstance(handler, _QuietRotatingFileHandler):
            if Path(handler.baseFilename) == path.resolve():
                return path
            log.removeHandler(handler)  # RALLYDESK_DATA changed (tests): follow it
            handler.close()
    handler = _QuietRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
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
