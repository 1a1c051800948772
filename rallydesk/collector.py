"""Python's cyclic garbage collector held off while a sheet is made.

An export allocates millions of short-lived objects (texts, tuples, laid-out rows) that their
reference counts free at once; what the collector adds is its passes, and each of the older
generations' passes walks every object of the event held in memory. Measured on the 800 × 14
``--all-stages`` PDF: 3.2–3.9 s with the collector, 2.6–2.7 s without it (issue 24). The few
cycles made meanwhile wait for the collector's next pass after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No collector pass inside; the collector as it was afterwards (nested: the outer one
    turns it back on)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


__all__ = ["paused"]
