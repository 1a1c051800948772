"""Console output that never raises on a character the console cannot show (issue 28).

A Windows console in cp437 or cp1256, a pipe whose reader set ``PYTHONIOENCODING``, a POSIX
terminal in the C locale: crews' names ("EKSTRÖM", "Gutiérrez") and the tables' dashes ("—") do
not all exist there, and Python's default ``errors="strict"`` made ``standings`` end in a
UnicodeEncodeError. Output keeps the stream's encoding (what its reader decodes with) and a
character it lacks becomes ``?``; a UTF-8 stream is left as it is.
"""

from __future__ import annotations

import codecs
import io
import sys


def _is_utf8(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name == "utf-8"
    except LookupError:
        return False


def safe_console() -> None:
    """Make ``sys.stdout`` and ``sys.stderr`` replace what their encoding cannot write."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if stream is None:  # a windowed executable (pythonw, the bundle's RallyDesk.exe)
            continue
        if _is_utf8(getattr(stream, "encoding", None)):
            continue
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
