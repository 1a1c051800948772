"""Python's cyclic garbage collector held off while much is made at once.

A sheet export, an event's load or a classification made cold allocate hundreds of thousands
to millions of objects that are either freed by their reference counts at once or kept; what
the collector adds is its passes, each of the older generations' walking every object held in
memory. Measured: the 800 × 14 ``--all-stages`` PDF 3.2–3.9 s with the collector, 2.6–2.7 s
without it (issue 24); loading a 10,000 × 30 event 0.74–0.94 s, 0.44–0.57 s paused. The few
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
