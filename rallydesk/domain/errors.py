"""Errors that carry a message meant for a race official, not a programmer."""

from __future__ import annotations


class RallyDeskError(Exception):
    """Bad input or a failed check: the CLI prints the message and exits 1, the GUI shows it."""


class UnknownReference(RallyDeskError):
    """A stage, entry number or group code that the event does not have."""
