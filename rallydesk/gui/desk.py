"""Everything shown for one open event: the time entry beside live classifications, the
Classifications board, set-up, penalties, publication and journal tabs, and the crew search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import EventData
from ..services import Event
from .adjustments import AdjustmentsWidget
from .bridge import EventBridge
from .entry import TimeEntryPanel
from .i18n import arg, mnemonic
from .journal import JournalWidget
from .preferences import Preferences
from .publication import PublicationWidget
from .setup import SetupWidget
from .timing import CrewCard
from .views import ClassificationView


def board_groups(data: EventData) -> list[str]:
    """The Classifications tab opens on two overalls: two categories (Cars, Bikes), or a category and a
    class of it (Cars and Stock) when the event has one category."""
    cats = [g.code for g in data.categories()]
    if len(cats) >= 2:
        return cats[:2]
    if not cats:
        return []
    classes = [g.code for g in data.groups if g.kind == "class" and g.parent == cats[0]]
    return cats + classes[-1:] if len(classes) > 1 else cats


class Desk(QWidget):
    """Everything shown for one open event."""

    def __init__(self, event: Event, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = EventBridge(event, self)
        self.entry = TimeEntryPanel(self.bridge, undo_stack)
        self.zoom = Preferences().table_zoom
        data = event.data
        stage = self.entry.current_stage()
        category = data.categories()[0].code if data.categories() else None
        self.views_splitter = QSplitter(
            Qt.Orientation.Vertical
        )  # full width: every column of the sheet shows
        self.views: list[ClassificationView] = []
        self.add_view(stage, False, category)
        self.add_view(stage, True, category)
        timing = QSplitter(Qt.Orientation.Horizontal)
        timing.addWidget(self.entry)
        timing.addWidget(self.views_splitter)
        timing.setStretchFactor(0, 0)
        timing.setStretchFactor(1, 1)
        timing.setSizes([330, 1070])
        self.tabs = QTabWidget()
        self.tabs.addTab(timing, self.tr("Time e&ntry"))
        self.tabs.setTabToolTip(  # names the tab's own mnemonic, in every language
            0,
            arg(
                self.tr("Key times with the classifications they change beside them (%1)"),
                "Alt+" + mnemonic(self.tabs.tabText(0)).upper(),
            ),
        )
        # the Classifications tab: views one above the other, each the window's whole width, so that
        # Team and Vehicle are shown and names are not cut (two overalls by default)
        self.board = QSplitter(Qt.Orientation.Vertical)
        self.board_views: list[ClassificationView] = []
        for code in board_groups(data):
            self.add_view(stage, True, code, board=True)
        self.tabs.addTab(self.board, self.tr("&Classifications"))
        self.tabs.setTabToolTip(
            1,
            self.tr(
                "Several classifications, one above the other; View > Add a classification view adds one"
            ),
        )
        self.setup = SetupWidget(self.bridge)
        self.tabs.addTab(self.setup, self.tr("&Set-up"))
        self.adjustments = AdjustmentsWidget(self.bridge)
        self.tabs.addTab(self.adjustments, self.tr("&Penalties"))
        self.publication = PublicationWidget(self.bridge, keyed_stage=self.entry.current_stage)
        self.tabs.addTab(self.publication, self.tr("P&ublication"))
        self.tabs.setTabToolTip(
            4, self.tr("Publish each stage of each category: provisional, official, amended")
        )
        self.journal = JournalWidget(self.bridge)
        self.tabs.addTab(self.journal, self.tr("&Journal"))
        self.tabs.setTabToolTip(
            5, self.tr("Every change: who, at which desk, old and new values, why")
        )
        # Ctrl+F: a crew by number or name, found in every classification and list
        self.search = QLineEdit()
        self.search.setObjectName("deskSearch")
        self.search.setPlaceholderText(
            self.tr("find a crew: race number or name, then Enter (Esc closes)")
        )
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._find_next)
        self.search.textChanged.connect(lambda _t: self._find(0))
        self.search.hide()
        self.search_note = QLabel()
        self.search_note.setObjectName("hint")
        self.search_note.hide()
        self._found: list[int] = []
        self._found_at = 0
        self._confirmed = False
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 0)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.search_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.tabs)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape), self.search, context=Qt.ShortcutContext.WidgetShortcut
        ).activated.connect(self.close_search)
        self.entry.stage_box.currentIndexChanged.connect(self._follow_stage)
        self.entry.number_entered.connect(self._follow_category)
        self.entry.recorded.connect(lambda _stage, number: self._follow_category(number))
        self.entry.recorded.connect(self._reveal_keyed)
        #: scroll the views beside the entry to the crew just keyed (View menu, remembered)
        self.follow_keyed = Preferences().follow_keyed

    def open_search(self) -> None:
        """Ctrl+F: the set-up's entry filter on the Set-up tab, else the desk's crew search."""
        if self.tabs.currentWidget() is self.setup and hasattr(self.setup, "search"):
            parent = self.setup.search.parentWidget()
            while parent is not None and not isinstance(parent, QTabWidget):
                child, parent = parent, parent.parentWidget()
                if isinstance(parent, QTabWidget):
                    parent.setCurrentWidget(child)
            self.setup.search.setFocus()
            self.setup.search.selectAll()
            return
        self.search.show()
        self.search_note.show()
        self.search.setFocus()
        self.search.selectAll()

    def close_search(self) -> None:
        self.search.hide()
        self.search_note.hide()
        self.entry.number.setFocus()

    def _find(self, at: int) -> None:
        self._found = [e.number for e in self.bridge.rally_event.find_entries(self.search.text())]
        self._found_at = at
        # the first Enter after typing confirms the crew shown (the exact number comes first:
        # `1` Enter is #1, not #10); each further Enter goes to the next
        self._confirmed = False
        self._show_found()

    def _find_next(self) -> None:
        if self._found and self._confirmed:
            self._found_at = (self._found_at + 1) % len(self._found)
        self._confirmed = True
        self._show_found()

    def _show_found(self) -> None:
        if not self.search.text().strip():
            self.search_note.setText("")
            return
        if not self._found:
            self.search_note.setText(self.tr("no crew found"))
            return
        number = self._found[self._found_at]
        self.search_note.setText(
            arg(
                self.tr("#%1 (%2 of %3; Enter: next)"), number, self._found_at + 1, len(self._found)
            )
        )
        self._follow_category(number)
        for view in self.views + self.board_views:
            view.select_number(number)
        for lst in (self.entry.missing, self.entry.recent):
            for i in range(lst.count()):
                picked = lst.item(i).data(Qt.ItemDataRole.UserRole)
                if picked == number or (isinstance(picked, (tuple, list)) and picked[1] == number):
                    lst.setCurrentRow(i)
                    break

    def found_number(self) -> int | None:
        return self._found[self._found_at] if self._found else None

    def add_view(
        self, stage: int | None, overall: bool, group: str | None, board: bool = False
    ) -> ClassificationView:
        """One more classification; on the time-entry tab the narrow views hide Team and Vehicle."""
        view = ClassificationView(self.bridge, stage, overall, group, compact=not board)
        (self.board_views if board else self.views).append(view)
        (self.board if board else self.views_splitter).addWidget(view)
        view.closed.connect(lambda v=view: self._drop_view(v))
        view.crew_activated.connect(self.show_crew)
        view.crew_action.connect(self.crew_action)
        view.set_zoom(self.zoom)
        return view

    #: the tables' zoom in steps of 10 % of the application's font (View > Zoom, remembered)
    zoom = 0

    def set_zoom(self, steps: int) -> None:
        self.zoom = max(-5, min(10, steps))
        for view in self.views + self.board_views:
            view.set_zoom(self.zoom)
        font = QApplication.font()
        font.setPointSizeF(font.pointSizeF() * (1 + 0.1 * self.zoom))
        for lst in (self.entry.missing, self.entry.recent):
            lst.setFont(font)

    def show_crew(self, number: int) -> CrewCard:
        """The crew card (Enter or double-click on a crew in a view)."""
        card = CrewCard(
            self.bridge, number, self, act=self.crew_action, stage=self.entry.current_stage()
        )
        card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        card.show()
        card.activateWindow()  # its keys act at once (Ctrl+T, Ctrl+Shift+P, Ctrl+Shift+S)
        card.stages.setFocus()
        self.crew_card = card
        return card

    def crew_action(self, what: str, number: int, stage: int | None) -> None:
        """From the crew card or a not-classified list: ``what`` is "time" (the time entry on
        that stage and crew, the time field focused: keyed again through the keying flow, which
        asks the replacement's reason), "penalty" (the penalty form filled in, the amount
        focused) or a status (the time entry with it, the reason focused)."""
        if stage is None:
            stage = self.entry.current_stage()
        if stage is None:
            return
        self.window().activateWindow()
        if what == "penalty":
            form = self.adjustments
            self.tabs.setCurrentWidget(form)
            form.stage.setText(str(stage))
            form.number.setText(str(number))
            form.amount.setFocus()
            form.amount.selectAll()
            return
        entry = self.entry
        self.close_search()
        self.tabs.setCurrentIndex(0)
        entry.clear()
        entry.set_stage(stage)
        entry.number.setText(str(number))
        self._follow_category(number)
        if what == "time":
            entry.time.setFocus()
        else:
            entry.set_status(what)  # the reason field has the focus: Enter records it
            entry.reason.setFocus()

    def _drop_view(self, view: ClassificationView) -> None:
        for views in (self.views, self.board_views):
            if view in views:
                views.remove(view)
        view.setParent(None)
        view.deleteLater()

    def _reveal_keyed(self, _stage: int, number: int) -> None:
        if self.follow_keyed:
            for view in self.views:
                view.reveal(number)

    def _follow_category(self, number: int) -> None:
        """The views beside the time entry show the keyed crew's category (cars, then a bike…)."""
        data = self.bridge.rally_event.data
        try:
            category = data.category_of_class(data.entry(number).class_code)
        except KeyError:
            return
        self.entry.missing.follow_category(category)
        for view in self.views:
            stage, overall, group = view.selection()
            try:
                same = group is not None and data.category_of_class(group) == category
            except KeyError:
                same = False
            if not same:
                view.set_selection(stage, overall, category)

    def _follow_stage(self) -> None:
        """The views follow the stage being keyed, so officials see what they are about to publish."""
        stage = self.entry.current_stage()
        for view in self.views + self.board_views:
            _, overall, group = view.selection()
            view.set_selection(stage, overall, group)
