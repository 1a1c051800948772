"""Keep the desk alive through a reference-count leak of PySide6 6.12 on Python 3.11.

Measured on PySide6 6.12.0 / Python 3.11.7: every call of a Qt method that returns nothing drops
one reference to ``None``, every signal emitted from Python one reference to ``True``. On Python
3.12+ these objects are immortal and nothing happens; on 3.11 the count reaches zero after a few
hundred keyed times (about 70 ``None`` and 5-9 ``True`` per Enter on the 800-entry event) and the
interpreter aborts with "Fatal Python error: bool_dealloc" — in the middle of the night.

The guard holds a reserve of references to the three singletons and tops it up before it can run
out: at start, after each keyed time and every two seconds. The reserve list is never freed, not
even at exit, so the leaked decrements can never reach zero. It costs 8 bytes per leaked reference.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

#: keep at least this many spare references to each singleton
LOW = 200_000
_RESERVE: list[Any] = []
ctypes.pythonapi.Py_IncRef(ctypes.py_object(_RESERVE))  # immortal: not freed at interpreter exit

NEEDED = sys.version_info < (3, 12)


def top_up() -> int:
    """Add references where the reserve runs low; returns how many were added."""
    if not NEEDED:
        return 0
    added = 0
    for obj in (None, True, False):
        if sys.getrefcount(obj) < LOW:
            _RESERVE.extend([obj] * (2 * LOW))
            added += 2 * LOW
    return added


def install(parent: Any) -> None:
    """Top up now and every two seconds while ``parent`` (the main window) lives."""
    top_up()
    if not NEEDED:
        return
    from PySide6.QtCore import QTimer

    timer = QTimer(parent)
    timer.setInterval(2000)
    timer.timeout.connect(top_up)
    timer.start()
