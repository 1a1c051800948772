"""What an official does to one crew from where they see it (the crew card, the not-classified
list): edit its time, add a penalty, change its status. Each leads to the desk's own entry —
the time entry on that stage and crew (the services' keying flow asks for a replacement's
reason), or the penalty form — filled in and focused: nothing is written from here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

#: the statuses a crew can be given, each with its letter in the status menu
STATUSES = ("DNS", "DNF", "RET", "DSQ", "EXP")
#: the keys of the actions where they act (the card, a focused list): none is a menu's key
KEYS = {"time": "Ctrl+T", "penalty": "Ctrl+Shift+P", "status": "Ctrl+Shift+S"}
#: act(what): "time", "penalty" or a status
Act = Callable[[str], None]


class CrewActionWords(QObject):
    def texts(self) -> dict[str, str]:
        return {
            "time": self.tr("Edit &time…"),
            "penalty": self.tr("Add &penalty…"),
            "status": self.tr("Change &status"),
            "DNS": self.tr("&DNS: did not start"),
            "DNF": self.tr("D&NF: did not finish"),
            "RET": self.tr("&RET: retired"),
            "DSQ": self.tr("DS&Q: disqualified"),
            "EXP": self.tr("&EXP: out of competition"),
        }

    def tips(self) -> dict[str, str]:
        return {
            "time": self.tr(
                "Key this crew's time on the stage again, at the time entry (a reason is asked)"
            ),
            "penalty": self.tr("A penalty, bonus or credit for this crew on the stage"),
            "status": self.tr("DNS, DNF, RET, DSQ or EXP, with a reason, at the time entry"),
        }


def texts(owner: QObject) -> dict[str, str]:
    return CrewActionWords(owner).texts()


def status_menu(parent: QWidget, act: Act) -> QMenu:
    words = texts(parent)
    menu = QMenu(words["status"], parent)
    for status in STATUSES:
        action = menu.addAction(words[status])
        action.setData(status)
        action.triggered.connect(lambda _=False, s=status: act(s))
    return menu


def fill_menu(menu: QMenu, act: Act, shortcuts: bool = True) -> None:
    """The three actions, the status ones in a submenu (a context menu, a button's menu)."""
    words = CrewActionWords(menu)
    names, tips = words.texts(), words.tips()
    for what in ("time", "penalty"):
        action = menu.addAction(names[what])
        action.setToolTip(tips[what])
        action.setStatusTip(tips[what])
        if shortcuts:  # shown in the menu only; they act where the actions are (add_actions)
            action.setShortcut(QKeySequence(KEYS[what]))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _=False, w=what: act(w))
    sub = status_menu(menu, act)
    menu.addMenu(sub)


def add_actions(
    widget: QWidget,
    act: Act,
    context: Qt.ShortcutContext,
    show_status: Callable[[], None],
) -> list[QAction]:
    """The actions' keys on ``widget`` (the card's window, a list with the focus)."""
    words = CrewActionWords(widget)
    names = words.texts()
    made = []
    for what in ("time", "penalty", "status"):
        action = QAction(names[what].replace("&", ""), widget)
        action.setShortcut(QKeySequence(KEYS[what]))
        action.setShortcutContext(context)
        if what == "status":
            action.triggered.connect(lambda _=False: show_status())
        else:
            action.triggered.connect(lambda _=False, w=what: act(w))
        widget.addAction(action)
        made.append(action)
    return made
