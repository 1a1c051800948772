"""The store's one error type, in a module of its own so every store module can raise it."""

from __future__ import annotations

from ..domain.errors import RallyDeskError


class StoreError(RallyDeskError):
    """The event cannot be used as asked (missing, not an event, newer, damaged, server down)."""
