"""What an official does to one crew from where they see it (the crew card, the not-classified
list): edit its time, add a penalty, change its status. Each leads to the desk's own entry —
the time entry on that stage and crew (the services' keying flow asks for a replacement's
reason), or the penalty form — filled in and focused: nothing is written from here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QTableWidget, QWidget

from .listmodel import cell_text

if TYPE_CHECKING:
    from .bridge import EventBridge
    from .views import ClassificationView

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


class NotClassifiedActions(QObject):
    """A view's list of the crews not classified: the actions on the crew of the current row,
    on the stage it went out on (the view's stage when the list names none), by a context menu
    and by keys while the list has the focus (Enter still opens the card). The view emits them
    (``crew_action``) to the desk."""

    def __init__(self, table: QTableWidget, bridge: EventBridge, view: ClassificationView) -> None:
        super().__init__(view)
        self.table = table
        self.bridge = bridge
        self.view = view
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self.menu)
        add_actions(
            table,
            self.act,
            Qt.ShortcutContext.WidgetShortcut,
            lambda: self.menu(self._current_point(), status_only=True),
        )

    def _current_point(self) -> QPoint:
        row = max(self.table.currentRow(), 0)
        return self.table.visualRect(self.table.model().index(row, 0)).center()

    def menu(self, pos: QPoint, status_only: bool = False) -> None:
        row = self.table.rowAt(pos.y())
        if row < 0:
            row = self.table.currentRow()
        if row < 0 or self.bridge.rally_event.readonly:
            return
        self.table.selectRow(row)
        if status_only:
            menu = status_menu(self.view, self.act)
        else:
            menu = QMenu(self.view)
            fill_menu(menu, self.act)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def act(self, what: str) -> None:
        row = self.table.currentRow()
        if row < 0 or self.bridge.rally_event.readonly:
            return
        number = int(cell_text(self.table, row, 0))
        stage_text = cell_text(self.table, row, 3)
        stage = int(stage_text) if stage_text.isdigit() else self.view.selection()[0]
        self.view.crew_action.emit(what, number, stage)
