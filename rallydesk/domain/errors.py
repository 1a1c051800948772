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


class ChoiceNeeded(RallyDeskError):
    """The request is ambiguous until the caller names one of the choices.

    The message is in the sport's words; ``what`` says what must be named ("group", "category"),
    so that each interface can phrase its own hint (a command-line option, a drop-down list).
    """

    def __init__(self, message: str, what: str, choices: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.what = what
        self.choices = choices


class BadField(RallyDeskError):
    """A value refused for one field of what was keyed ("elapsed", "finish"…): an import names
    the column, the desk the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


#: How much of a user's text one message quotes: enough to recognise it, never a whole file.
QUOTE_LIMIT = 60
#: How many of a user's names (columns, codes) one message lists.
LIST_LIMIT = 10


def clipped(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``value`` as text, cut after ``limit`` characters with how many more there were."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """The one way a message quotes what the user gave (a cell, a name, a header): as ``repr``
    for a short value, cut after ``limit`` characters for a long one (issue 21)."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return repr(value)
    return f"{text[:limit]!r}… ({len(text) - limit:,} more characters)"


def listed(items: Iterable[object], limit: int = LIST_LIMIT, sep: str = ", ") -> str:
    """At most ``limit`` of the user's names, each clipped, then how many more there were."""
    names = list(items)
    text = sep.join(clipped(n, QUOTE_LIMIT) for n in names[:limit])
    if len(names) > limit:
        text += f"{sep}… and {len(names) - limit:,} more"
    return text
