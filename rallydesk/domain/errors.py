"""Errors that carry a message meant for a race official, not a programmer."""

from __future__ import annotations

from collections.abc import Iterable


class RallyDeskError(Exception):
    """Bad input or a failed check: the CLI prints the message and exits 1, the GUI shows it."""


class UnknownReference(RallyDeskError):
    """A stage, entry number or group code that the event does not have."""


def unknown_stage(number: int, known: Iterable[int]) -> UnknownReference:
    """The one wording of a stage the event does not have, with the stages it has."""
    listed = ", ".join(str(n) for n in sorted(known)) or "none yet"
    return UnknownReference(f"stage {number} does not exist (stages: {listed})")


class UnaccountedCrews(RallyDeskError):
    """A publication refused because crews have neither a time nor a status; the message names
    them, each interface says how to publish anyway (a flag, a confirmation)."""


class ChoiceNeeded(RallyDeskError):
    """The request is ambiguous until the caller names one of the choices.

    The message is in the sport's words; ``what`` says what must be named ("group", "category"),
    so that each interface can phrase its own hint (a command-line option, a drop-down list).
    """

    def __init__(self, message: str, what: str, choices: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.what = what
        self.choices = choices
