"""Event set-up: settings, stages, categories/classes/cups and entries, edited in place.

Every edit goes through ``Event.apply_row``: the same checks as an import row, so a bad value
is refused with the field, the value and the accepted forms, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain import times as T
from ..domain.errors import RallyDeskError
from ..domain.model import LANGUAGES, TIE_BREAKS, TIME_STYLES, Entry, Stage
from ..logs import refused
from ..services import Aspect, Notice
from ..services.notices import EntryChanged, GroupChanged, StageChanged
from . import theme
from .bridge import EventBridge, everything, touches
from .columns import follow_contents
from .fitting import fit_placeholder
from .i18n import arg


def stage_row(s: Stage) -> dict[str, str]:
    nominal = (
        s.nominal.kind
        if s.nominal.kind in ("none", "max+")
        else f"{s.nominal.kind} {T.format_duration(s.nominal.amount_ms, 'plain', 1)}"
    )
    return {
        "stage": str(s.number),
        "name": s.name,
        "date": s.date or "",
        "kind": s.kind,
        "special_km": "" if s.special_km is None else f"{s.special_km:g}",
        "liaison_km": "" if s.liaison_km is None else f"{s.liaison_km:g}",
        "counts": "yes" if s.counts else "no",
        "precision": T.PRECISION_TEXT.get(s.precision_ms, "1"),
        "cancelled_for": ";".join(sorted(s.cancelled_for)),
        "nominal": nominal,
        "max_time": "" if s.max_time_ms is None else T.format_duration(s.max_time_ms, "plain", 1),
        "fixed_penalty": T.format_duration(s.fixed_penalty_ms, "plain", 1)
        if s.fixed_penalty_ms
        else "",
    }


def entry_row(e: Entry) -> dict[str, str]:
    row = {
        "number": str(e.number),
        "class": e.class_code,
        "team": e.team or "",
        "vehicle": e.vehicle or "",
        "cups": ";".join(sorted(e.cups)),
    }
    for role in ("driver", "codriver", "navigator"):
        m = next((m for m in e.crew if m.role == role), None)
        row[role] = m.name if m else ""
        row[f"{role}_nat"] = (m.nationality or "") if m else ""
    return row


class RowTableModel(QAbstractTableModel):
    """Stages or entries as editable text rows; an edit is one checked ``apply_row``."""

    def __init__(
        self,
        bridge: EventBridge,
        kind: str,
        columns: list[tuple[str, str, str]],
        rows: Callable[[], list[dict[str, str]]],
        key: str,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.bridge, self.kind, self.columns, self._source, self.key = (
            bridge,
            kind,
            columns,
            rows,
            key,
        )
        self._rows = rows()
        self.last_error: str | None = None
        self.on_error: Callable[[str], None] = lambda text: None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.title(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.columns[section][2]
            return QCoreApplication.translate("RowTableModel", tip) if tip else ""
        return None

    def title(self, section: int) -> str:
        """The column's title in the desk's language (the table keeps the English one as its source)."""
        return QCoreApplication.translate("RowTableModel", self.columns[section][1])

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()][0] != self.key and not self.bridge.rally_event.readonly:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            not index.isValid()
            or index.row() >= len(self._rows)
            or index.column() >= len(self.columns)
        ):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()].get(self.columns[index.column()][0], "")
        return None

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        field = self.columns[index.column()][0]
        row = dict(self._rows[index.row()])
        row[field] = str(value)
        try:
            self.bridge.rally_event.apply_row(self.kind, row)
        except RallyDeskError as exc:
            self.last_error = f"{self.title(index.column())}: {exc}"
            self.on_error(self.last_error)
            return False
        self.last_error = None
        return True

    def refresh(self) -> None:
        rows = self._source()
        keys_old = [r[self.key] for r in self._rows]
        keys_new = [r[self.key] for r in rows]
        if keys_old == keys_new:
            changed = [i for i, (a, b) in enumerate(zip(self._rows, rows, strict=True)) if a != b]
            self._rows = rows
            for i in changed:
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))
            return
        self.beginResetModel()  # a row added or removed in set-up: rare, and no live view depends on it
        self._rows = rows
        self.endResetModel()


# (field, title, tooltip): titles and tooltips are marked for the translators here and translated
# by RowTableModel when shown (lupdate only sees literal QT_TRANSLATE_NOOP calls)
STAGE_COLUMNS = [
    (
        "stage",
        QT_TRANSLATE_NOOP("RowTableModel", "No"),
        QT_TRANSLATE_NOOP("RowTableModel", "Stage number; 0 is the prologue"),
    ),
    (
        "name",
        QT_TRANSLATE_NOOP("RowTableModel", "Name"),
        QT_TRANSLATE_NOOP("RowTableModel", "Start – finish"),
    ),
    (
        "date",
        QT_TRANSLATE_NOOP("RowTableModel", "Date"),
        QT_TRANSLATE_NOOP("RowTableModel", "YYYY-MM-DD"),
    ),
    (
        "kind",
        QT_TRANSLATE_NOOP("RowTableModel", "Kind"),
        QT_TRANSLATE_NOOP("RowTableModel", "prologue, stage, marathon, superspecial"),
    ),
    (
        "special_km",
        QT_TRANSLATE_NOOP("RowTableModel", "Special km"),
        QT_TRANSLATE_NOOP("RowTableModel", "Timed distance"),
    ),
    (
        "liaison_km",
        QT_TRANSLATE_NOOP("RowTableModel", "Liaison km"),
        QT_TRANSLATE_NOOP("RowTableModel", "Road section"),
    ),
    (
        "precision",
        QT_TRANSLATE_NOOP("RowTableModel", "Precision"),
        QT_TRANSLATE_NOOP("RowTableModel", "1, 0.1 or 0.001 s: finer times are truncated"),
    ),
    (
        "counts",
        QT_TRANSLATE_NOOP("RowTableModel", "Counts"),
        QT_TRANSLATE_NOOP("RowTableModel", "yes/no: does it count for the overall?"),
    ),
    (
        "cancelled_for",
        QT_TRANSLATE_NOOP("RowTableModel", "Cancelled for"),
        QT_TRANSLATE_NOOP("RowTableModel", "Category codes separated by ;"),
    ),
    (
        "nominal",
        QT_TRANSLATE_NOOP("RowTableModel", "Nominal rule"),
        QT_TRANSLATE_NOOP("RowTableModel", "none, fixed 10:00:00, slowest+ 1:00:00, max+"),
    ),
    (
        "max_time",
        QT_TRANSLATE_NOOP("RowTableModel", "Max time"),
        QT_TRANSLATE_NOOP(
            "RowTableModel", "The stage's maximum time, e.g. 10:00:00 (the max+ nominal rule)"
        ),
    ),
    (
        "fixed_penalty",
        QT_TRANSLATE_NOOP("RowTableModel", "Fixed penalty"),
        QT_TRANSLATE_NOOP(
            "RowTableModel", "Added once to a max+ nominal time, e.g. 1:00:00 (empty: none)"
        ),
    ),
]
ENTRY_COLUMNS = [
    (
        "number",
        QT_TRANSLATE_NOOP("RowTableModel", "No"),
        QT_TRANSLATE_NOOP("RowTableModel", "Race number"),
    ),
    (
        "class",
        QT_TRANSLATE_NOOP("RowTableModel", "Class"),
        QT_TRANSLATE_NOOP("RowTableModel", "Class code"),
    ),
    (
        "driver",
        QT_TRANSLATE_NOOP("RowTableModel", "Driver"),
        QT_TRANSLATE_NOOP("RowTableModel", "Given name FAMILY NAME"),
    ),
    (
        "driver_nat",
        QT_TRANSLATE_NOOP("RowTableModel", "Nat"),
        QT_TRANSLATE_NOOP("RowTableModel", "Three letters, e.g. FRA"),
    ),
    ("codriver", QT_TRANSLATE_NOOP("RowTableModel", "Co-driver"), ""),
    ("codriver_nat", QT_TRANSLATE_NOOP("RowTableModel", "Nat"), ""),
    ("navigator", QT_TRANSLATE_NOOP("RowTableModel", "Navigator"), ""),
    ("navigator_nat", QT_TRANSLATE_NOOP("RowTableModel", "Nat"), ""),
    ("team", QT_TRANSLATE_NOOP("RowTableModel", "Team"), ""),
    ("vehicle", QT_TRANSLATE_NOOP("RowTableModel", "Vehicle"), ""),
    (
        "cups",
        QT_TRANSLATE_NOOP("RowTableModel", "Cups"),
        QT_TRANSLATE_NOOP("RowTableModel", "Cup codes separated by ;"),
    ),
]


class SetupWidget(QWidget):
    def __init__(self, bridge: EventBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        event = bridge.rally_event
        self.message = QLabel()
        self.message.setWordWrap(True)
        tabs = QTabWidget()
        tabs.addTab(self._settings_tab(), self.tr("Event"))
        self.stages = RowTableModel(
            bridge,
            "stages",
            STAGE_COLUMNS,  # type: ignore[arg-type]  # QT_TRANSLATE_NOOP's stub says object; it returns its text
            lambda: [stage_row(s) for s in event.data.stages],
            "stage",
            self,
        )
        self.entries = RowTableModel(
            bridge,
            "entries",
            ENTRY_COLUMNS,  # type: ignore[arg-type]  # QT_TRANSLATE_NOOP's stub says object; it returns its text
            lambda: [entry_row(e) for e in event.data.entries],
            "number",
            self,
        )
        for model in (self.stages, self.entries):
            model.on_error = self._fail
        stages_tab = self._table_tab(
            self.stages,
            "stage",
            self.tr("New stage: number and name"),
            lambda a, b: {"stage": a, "name": b or arg(self.tr("Stage %1"), a)},
        )
        from .raid_setup import attach_waypoints

        self.waypoints = attach_waypoints(bridge, stages_tab)  # the selected stage's (RULES §8)
        tabs.addTab(stages_tab, self.tr("Stages"))
        tabs.addTab(self._groups_tab(), self.tr("Categories, classes, cups"))
        tabs.addTab(self._entries_tab(), self.tr("Entries"))
        from .officials import OfficialsWidget

        self.officials = OfficialsWidget(bridge)
        tabs.addTab(self.officials, self.tr("Officials"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.message)
        self.tabs = tabs
        bridge.noticed.connect(self._on_notice)

    def _fail(self, text: str) -> None:
        refused(text, "set-up")
        self.message.setText(theme.span("error", text))

    def _ok(self, text: str) -> None:
        self.message.setText(theme.span("ok", text))

    def _settings_tab(self) -> QWidget:
        s = self.bridge.rally_event.data.settings
        w = QWidget()
        outer = QHBoxLayout(w)
        box = QWidget()
        form = QFormLayout(box)
        # a form as wide as its longest text needs, not the window: the eye finds the fields
        box.setMaximumWidth(100 * self.fontMetrics().averageCharWidth())
        outer.addWidget(box, 3)
        outer.addStretch(1)
        self.name = QLineEdit(s.name)
        self.tie_break = self._choices(TIE_BREAKS, s.tie_break)
        self.tie_break.setToolTip(
            self.tr(
                "last-stage: countback from the latest stage (Dakar); first-stage: from the first; shared: none"
            )
        )
        self.time_style = self._choices(TIME_STYLES, s.time_style)
        self.language = self._choices(LANGUAGES, s.language)
        self.starts_on = QLineEdit(s.starts_on or "")
        self.ends_on = QLineEdit(s.ends_on or "")
        from zoneinfo import available_timezones

        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(["", *sorted(available_timezones())])
        self.timezone.setCurrentText(s.timezone or "")
        edit = self.timezone.lineEdit()  # an editable combo box has one
        assert edit is not None
        edit.setPlaceholderText(self.tr("this computer's time zone"))
        self.timezone.setToolTip(
            self.tr(
                "Where the rally is (IANA name, e.g. Asia/Riyadh): "
                "sheets print their dates and times in it"
            )
        )
        self.document_prefix = QLineEdit(s.document_prefix or "")
        self.document_prefix.setPlaceholderText(self.tr("e.g. D26- (empty: numbers alone)"))
        self.document_prefix.setToolTip(
            self.tr("Put before the number of every published document")
        )
        self.protest_minutes = QLineEdit(
            "" if s.protest_minutes is None else str(s.protest_minutes)
        )
        self.protest_minutes.setPlaceholderText(
            self.tr("minutes after a provisional publication (empty: none)")
        )
        folder, minutes, keep = self.bridge.rally_event.backup_settings()
        self.backup_folder = QLineEdit(folder or "")
        self.backup_folder.setPlaceholderText(
            self.tr("folder for automatic backups, e.g. a USB stick (empty: off)")
        )
        fit_placeholder(self.backup_folder)
        self.backup_folder.setToolTip(
            self.tr(
                "A consistent copy is made every N minutes while times are keyed; the last K are kept"
            )
        )
        self.backup_every = QLineEdit(f"{minutes:g}")
        self.backup_keep = QLineEdit(str(keep))
        save = QPushButton(self.tr("Save settings"))
        save.clicked.connect(self.save_settings)
        for label, field in (
            (self.tr("Name"), self.name),
            (self.tr("Tie-break"), self.tie_break),
            (self.tr("Time style"), self.time_style),
            (self.tr("Sheet language"), self.language),
            (self.tr("Starts on"), self.starts_on),
            (self.tr("Ends on"), self.ends_on),
            (self.tr("Time zone"), self.timezone),
            (self.tr("Document number prefix"), self.document_prefix),
            (self.tr("Protest window (minutes)"), self.protest_minutes),
        ):
            form.addRow(label, field)
        form.addRow(self.tr("Backup folder"), self.backup_folder)
        form.addRow(self.tr("Backup every (minutes)"), self.backup_every)
        form.addRow(self.tr("Backups kept"), self.backup_keep)
        from .raid_setup import MissedPenalties

        self.missed = MissedPenalties(self.bridge)
        form.addRow(self.tr("Missed-waypoint penalties"), self.missed)
        self.speed_fields: dict[str, tuple[QLineEdit, QLineEdit]] = {}
        ranges = self.bridge.rally_event.speed_ranges()
        for cat in self.bridge.rally_event.data.categories():
            low, high = ranges.get(cat.code, ranges[""])
            fields = (QLineEdit(f"{low:g}"), QLineEdit(f"{high:g}"))
            row = QHBoxLayout()
            for f in fields:
                f.setMaximumWidth(8 * self.fontMetrics().averageCharWidth())
                f.setToolTip(
                    self.tr(
                        "The first crew keyed on a stage is judged by the special's length and this "
                        "range of average speeds; later ones by the others' times"
                    )
                )
            row.addWidget(fields[0])
            row.addWidget(QLabel("–"))
            row.addWidget(fields[1])
            row.addWidget(QLabel(self.tr("km/h")))
            row.addStretch(1)
            form.addRow(arg(self.tr("Usual speed, %1"), cat.name), row)
            self.speed_fields[cat.code] = fields
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addStretch(1)
        form.addRow(buttons)
        return w

    def choice_label(self, code: str) -> str:
        """How a setting's or a group's keyword reads in the desk's language (English: the keyword itself)."""
        labels = {
            "last-stage": self.tr("last-stage"),
            "first-stage": self.tr("first-stage"),
            "shared": self.tr("shared"),
            "dakar": self.tr("dakar"),
            "plain": self.tr("plain"),
            "en": self.tr("en"),
            "fr": self.tr("fr"),
            "en+fr": self.tr("en+fr"),
            "category": self.tr("category"),
            "class": self.tr("class"),
            "cup": self.tr("cup"),
        }
        return labels.get(code, code)

    def _choices(self, codes: Iterable[str], current: str | None = None) -> QComboBox:
        """A combo box showing translated labels over the keywords the services take (its item data)."""
        box = QComboBox()
        for code in codes:
            box.addItem(self.choice_label(code), code)
        if current is not None:
            box.setCurrentIndex(max(0, box.findData(current)))
        return box

    def save_settings(self) -> bool:
        import re

        for label, field in (
            (self.tr("Starts on"), self.starts_on),
            (self.tr("Ends on"), self.ends_on),
        ):
            text = field.text().strip()
            if text and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                self._fail(arg(self.tr("%1: %2 is not a date (YYYY-MM-DD)"), label, repr(text)))
                return False
        protest = self.protest_minutes.text().strip()
        if protest and not protest.isdigit():
            self._fail(
                arg(self.tr("Protest window: %1 is not a whole number of minutes"), repr(protest))
            )
            return False
        try:
            self.bridge.rally_event.update_settings(
                document_prefix=self.document_prefix.text().strip() or None,
                protest_minutes=int(protest) if protest else None,
                name=self.name.text().strip(),
                tie_break=self.tie_break.currentData(),
                time_style=self.time_style.currentData(),
                language=self.language.currentData(),
                starts_on=self.starts_on.text().strip() or None,
                ends_on=self.ends_on.text().strip() or None,
                timezone=self.timezone.currentText().strip() or None,
            )
        except RallyDeskError as exc:
            self._fail(str(exc))
            return False
        if not self.save_backups() or not self.save_speeds() or not self.missed.save(self._fail):
            return False
        self._ok(self.tr("settings saved"))
        return True

    def save_speeds(self) -> bool:
        """Each category's usual speed range (the first crew of a stage is judged by it)."""
        ranges = self.bridge.rally_event.speed_ranges()
        for code, (low, high) in self.speed_fields.items():
            try:
                values = float(low.text().replace(",", ".")), float(high.text().replace(",", "."))
            except ValueError:
                self._fail(
                    arg(
                        self.tr("Usual speed of %1: key two numbers of km/h, e.g. 15 and 160"), code
                    )
                )
                return False
            if values == ranges.get(code, ranges[""]):
                continue  # unchanged: no journal row for nothing
            try:
                self.bridge.rally_event.set_speed_range(code, *values)
            except RallyDeskError as exc:
                self._fail(str(exc))
                return False
        return True

    def save_backups(self) -> bool:
        from pathlib import Path

        folder = self.backup_folder.text().strip()
        try:
            minutes, keep = float(self.backup_every.text()), int(self.backup_keep.text())
        except ValueError:
            self._fail(self.tr("Backups: every must be a number of minutes, kept a whole number"))
            return False
        if folder and not Path(folder).is_dir():
            self._fail(arg(self.tr("Backup folder: %1 does not exist"), repr(folder)))
            return False
        try:
            self.bridge.rally_event.set_backup_folder(folder or None, minutes, keep)
        except RallyDeskError as exc:
            self._fail(str(exc))
            return False
        return True

    def _table_tab(
        self,
        model: RowTableModel,
        kind_key: str,
        hint: str,
        make: Callable[[str, str], dict[str, str]],
    ) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(22)
        view.setWordWrap(False)
        view.horizontalHeader().setStretchLastSection(True)
        follow_contents(view)
        v.addWidget(view, 1)
        row = QHBoxLayout()
        a, b = QLineEdit(), QLineEdit()
        a.setPlaceholderText(self.tr("number"))
        b.setPlaceholderText(self.tr("class code") if model.kind == "entries" else self.tr("name"))
        add = QPushButton(self.tr("Add"))

        def do_add() -> None:
            try:
                self.bridge.rally_event.apply_row(
                    model.kind, make(a.text().strip(), b.text().strip())
                )
            except RallyDeskError as exc:
                self._fail(str(exc))
                return
            self._ok(arg(self.tr("added %1"), a.text().strip()))
            a.clear()
            b.clear()

        add.clicked.connect(do_add)
        b.returnPressed.connect(do_add)
        row.addWidget(QLabel(hint))
        row.addWidget(a)
        row.addWidget(b)
        row.addWidget(add)
        v.addLayout(row)
        return w

    def _groups_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Code"), self.tr("Name"), self.tr("Kind")])
        v.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.g_code, self.g_name, self.g_parent = QLineEdit(), QLineEdit(), QLineEdit()
        self.g_kind = self._choices(("category", "class", "cup"))
        for f, p in (
            (self.g_code, self.tr("code")),
            (self.g_name, self.tr("name")),
            (self.g_parent, self.tr("parent category (class, cup)")),
        ):
            f.setPlaceholderText(p)
            row.addWidget(f)
        row.addWidget(self.g_kind)
        add = QPushButton(self.tr("Add / change"))
        add.clicked.connect(self.add_group)
        row.addWidget(add)
        v.addLayout(row)
        self._fill_tree()
        return w

    def add_group(self) -> bool:
        row = {
            "code": self.g_code.text(),
            "name": self.g_name.text(),
            "parent": self.g_parent.text(),
            "kind": self.g_kind.currentData(),
        }
        try:
            self.bridge.rally_event.apply_row("groups", row)
        except RallyDeskError as exc:
            self._fail(str(exc))
            return False
        self._ok(arg(self.tr("group %1 saved"), row["code"]))
        return True

    def _fill_tree(self) -> None:
        data = self.bridge.rally_event.data
        self.tree.clear()
        for cat in data.categories():
            item = QTreeWidgetItem([cat.code, cat.name, self.choice_label("category")])
            for g in data.groups:
                if g.parent == cat.code:
                    item.addChild(QTreeWidgetItem([g.code, g.name, self.choice_label(g.kind)]))
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        for g in data.groups:
            if g.kind == "cup" and not g.parent:
                self.tree.addTopLevelItem(
                    QTreeWidgetItem([g.code, g.name, self.choice_label("cup")])
                )
        self.tree.resizeColumnToContents(1)

    def _entries_tab(self) -> QWidget:
        w = self._table_tab(
            self.entries,
            "number",
            self.tr("New entry: number and class"),
            lambda a, b: {"number": a, "class": b},
        )
        self.entry_filter = QSortFilterProxyModel(self)
        self.entry_filter.setSourceModel(self.entries)
        self.entry_filter.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.entry_filter.setFilterKeyColumn(-1)
        view = w.findChild(QTableView)
        layout = w.layout()
        assert view is not None and isinstance(layout, QBoxLayout)  # as _table made them
        view.setModel(self.entry_filter)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("search number, name, team… (Ctrl+F)"))
        self.search.textChanged.connect(self.entry_filter.setFilterFixedString)
        layout.insertWidget(0, self.search)
        return w

    def _on_notice(self, notice: Notice) -> None:
        if Aspect.STRUCTURE not in touches(notice):
            return
        whole = everything(notice)
        if whole or isinstance(notice, StageChanged):
            self.stages.refresh()
        if whole or isinstance(notice, EntryChanged):
            self.entries.refresh()
        if whole or isinstance(notice, GroupChanged):
            self._fill_tree()
