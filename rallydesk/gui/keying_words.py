"""What the time entry asks and says for the services' keying flow, in the desk's language: the
question before a result is replaced, the refusals, and the dialogs that ask by default."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QWidget

from ..domain.changes import Conflict
from ..domain.model import StageTime
from ..services.keying import NeedsChangeReason, NeedsReason, Refused
from .i18n import arg

#: how the services' refusals begin: the desk says it in its own language
NOT_RECORDED = "NOT recorded: "


def _who_and_where(conflict: Conflict) -> tuple[str, str]:
    """Who changed a result meanwhile, and at which desk (as the journal signed it)."""
    by = conflict.stored_by
    return by.get("official") or by.get("user") or "?", by.get("desk") or "?"


class KeyingWords(QObject):
    """The words of one time entry panel (``describe``: a result as the panel shows it)."""

    def __init__(self, panel: QWidget, describe: Callable[[StageTime], str]) -> None:
        super().__init__(panel)
        self.panel = panel
        self.describe = describe

    def replace_question(self, needed: NeedsReason) -> str:
        """Replacing a result needs a reason: what is there, and what replaces it. After a
        conflict: who changed it meanwhile at which desk, and what this desk showed."""
        conflict = needed.conflict
        if conflict is None:
            return arg(
                self.tr("#%1 already has %2 on stage %3.\nReplace it with %4? Give the reason:"),
                needed.number,
                self.describe(needed.stored),
                needed.stage,
                self.describe(needed.candidate),
            )
        who, desk = _who_and_where(conflict)
        shown = self.describe(conflict.expected) if conflict.expected else self.tr("no result")
        return arg(
            self.tr(
                "#%1 was changed meanwhile on stage %2: %3 (by %4 at %5), where this desk "
                "showed %6.\nReplace it with %7? Give the reason:"
            ),
            conflict.number,
            conflict.stage,
            self.describe(needed.stored),
            who,
            desk,
            shown,
            self.describe(needed.candidate),
        )

    def change_question(self, needed: NeedsChangeReason) -> str:
        """A result that changes an official unit: the clerk's reason (an amendment follows)."""
        return arg(
            self.tr(
                "%1 is official: recording %2 for #%3 on stage %4 changes it (an amended version "
                "must follow).\nGive the reason for this change:"
            ),
            needed.units,
            self.describe(needed.candidate),
            needed.number,
            needed.stage,
        )

    def refusal(self, refusal: Refused) -> str:
        """The services' refusal in the desk's language where the desk knows its words."""
        if refusal.conflict is not None:
            who, desk = _who_and_where(refusal.conflict)
            return arg(
                self.tr("NOT recorded: the result of #%1 was deleted meanwhile by %2 at %3"),
                refusal.conflict.number,
                who,
                desk,
            )
        if refusal.message.startswith(NOT_RECORDED):
            return arg(self.tr("NOT recorded: %1"), refusal.message.removeprefix(NOT_RECORDED))
        return refusal.message

    def ask_reason(self, question: str) -> str | None:
        text, ok = QInputDialog.getText(self.panel, self.tr("Replace a keyed result"), question)
        return text.strip() if ok and text.strip() else None
