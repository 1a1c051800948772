"""The classification model on its own: a live update is the difference, never a reset."""

from __future__ import annotations

import dataclasses
import random

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from rallydesk.domain.classification import Classification, Row
from rallydesk.domain.model import CrewMember, Entry, EventData, Group, Settings, Stage
from rallydesk.gui.models import ClassificationModel, _longest_increasing

NUMBERS = list(range(1, 41))
DATA = EventData(
    Settings("Model test"),
    stages=(Stage(1, "Loop"),),
    groups=(Group("CAR", "Cars"), Group("T1", "Ultimate", "class", "CAR")),
    entries=tuple(
        Entry(n, "T1", (CrewMember("driver", f"Driver {n}", "FRA"),), "Team", "Car")
        for n in NUMBERS
    ),
)


def classification(numbers: list[int], times: dict[int, int] | None = None) -> Classification:
    times = times or {}
    rows = tuple(
        Row(i + 1, n, times.get(n, 3_600_000 + i * 1000), 0, i * 1000, 1000 if i else 0, i + 1)
        for i, n in enumerate(numbers)
    )
    return Classification(1, "stage", "CAR", None, rows, ())


class Signals:
    """Counts what the model told its views."""

    def __init__(self, model: ClassificationModel) -> None:
        self.counts = {
            "reset": 0,
            "moved": 0,
            "inserted": 0,
            "removed": 0,
            "layout": 0,
            "changed": 0,
        }
        model.modelReset.connect(lambda: self._bump("reset"))
        model.rowsMoved.connect(lambda *a: self._bump("moved"))
        model.rowsInserted.connect(lambda *a: self._bump("inserted"))
        model.rowsRemoved.connect(lambda *a: self._bump("removed"))
        model.layoutChanged.connect(lambda *a: self._bump("layout"))
        model.dataChanged.connect(lambda *a: self._bump("changed"))

    def _bump(self, name: str) -> None:
        self.counts[name] += 1


def numbers_shown(model: ClassificationModel) -> list[int]:
    return [int(model.index(r, 1).data()) for r in range(model.rowCount())]


def test_one_entry_climbing_is_one_move_and_two_changed_rows(qtbot):
    model = ClassificationModel()
    model.clock = lambda: 100.0  # frozen: the highlight lasts however slow the machine is
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_classification(DATA, classification(NUMBERS[:10]))
    signals = Signals(model)
    kept = QPersistentModelIndex(model.index(3, 2))  # number 4, Crew column
    order = [8] + [n for n in NUMBERS[:10] if n != 8]  # 8 keys the best time: from 8th to 1st
    model.set_classification(DATA, classification(order), highlight={8})
    assert numbers_shown(model) == order
    assert signals.counts["reset"] == 0 and signals.counts["layout"] == 0
    assert signals.counts["moved"] == 1  # only number 8 moved; the others shifted with it
    assert kept.row() == 4 and "driver 4" in kept.data().lower()
    assert model.index(4, 1).data() == "4"
    assert (
        model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    )  # BackgroundRole: the keyed row is highlighted
    assert (
        model.index(4, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    )  # the rows it pushed down …
    assert (
        model.index(4, 0).data(Qt.ItemDataRole.DecorationRole) is None
    )  # … no second arrow beside Pos (Change is the one indicator, issue 22), a tooltip says it
    assert "from 4 to 5" in model.index(4, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "from 8 to 1" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_one_entry_dropping_is_one_move_not_a_cascade(qtbot):
    model = ClassificationModel()
    model.clock = lambda: 100.0  # frozen: the highlight lasts however slow the machine is
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_classification(DATA, classification(NUMBERS[:10]))
    signals = Signals(model)
    order = [n for n in NUMBERS[:10] if n != 1] + [1]  # the leader's time replaced by a slow one
    model.set_classification(DATA, classification(order), highlight={1})
    assert numbers_shown(model) == order
    assert signals.counts["moved"] == 1 and signals.counts["reset"] == 0


@pytest.mark.parametrize("seed", range(25))
def test_random_updates_reach_the_new_order_and_keep_persistent_indexes(qtbot, seed):
    rng = random.Random(seed)
    model = ClassificationModel()
    model.clock = lambda: 100.0  # frozen: the highlight lasts however slow the machine is
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    signals = Signals(model)
    shown = rng.sample(NUMBERS, rng.randint(0, 25))
    model.set_classification(DATA, classification(shown))
    for _ in range(6):
        persistent = {n: QPersistentModelIndex(model.index(i, 1)) for i, n in enumerate(shown)}
        staying = [n for n in shown if rng.random() > 0.2]
        arriving = rng.sample([n for n in NUMBERS if n not in shown], rng.randint(0, 5))
        new = staying + arriving
        rng.shuffle(new) if rng.random() < 0.3 else new.sort(
            key=lambda n: rng.random() if n in arriving else 0
        )
        times = {n: rng.randint(1, 9) * 1000 for n in new}
        model.set_classification(DATA, classification(new, times), highlight=set(arriving[:1]))
        assert numbers_shown(model) == new
        for n, index in persistent.items():
            if n in new:
                assert index.isValid() and index.row() == new.index(n), (seed, n)
            else:
                assert not index.isValid()
        assert [
            model.index(r, 6).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())
        ] == [times[n] for n in new]  # UserRole: the Time value, refreshed
        shown = new
    assert signals.counts["reset"] == 1  # the first fill only


def test_moves_are_the_minimum():
    rank = {n: i for i, n in enumerate([5, 1, 2, 3, 4])}
    assert _longest_increasing([1, 2, 3, 4, 5], rank) == {1, 2, 3, 4}
    assert _longest_increasing([], {}) == set()


def test_another_stage_or_group_is_a_reset_and_headers_explain(qtbot):
    model = ClassificationModel()
    model.clock = lambda: 100.0  # frozen: the highlight lasts however slow the machine is
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_classification(DATA, classification(NUMBERS[:5]))
    signals = Signals(model)
    other = Classification(1, "overall", "CAR", "T1", classification(NUMBERS[:3]).rows, ())
    model.set_classification(DATA, other)
    assert signals.counts["reset"] == 1
    h = Qt.Orientation.Horizontal
    headers = [model.headerData(c, h) for c in range(model.columnCount())]
    assert headers[-2:] == ["Cat. pos", "Change"]
    assert all(
        model.headerData(c, h, Qt.ItemDataRole.ToolTipRole) for c in range(model.columnCount())
    )  # ToolTipRole on every header
    assert model.rowCount(QModelIndex()) == 3


def test_the_nominal_mark_has_its_own_column(qtbot, tmp_path):
    """Issue 14: "N" (a total including a nominal time) stands in its own column, not in the time."""
    from rallydesk.demo import write_demo
    from rallydesk.domain.classification import classify
    from rallydesk.services import Event

    with Event.open(write_demo(tmp_path / "demo.rallydesk"), readonly=True) as ev:
        c = classify(ev.data, 11, True, "CAR", None)
        model = ClassificationModel()
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        model.set_classification(ev.data, c)
    keys = model.column_keys()
    n_col, time_col = keys.index("N"), keys.index("Time")
    assert n_col == time_col + 1
    nominal = [r for r in range(model.rowCount()) if c.rows[r].nominal]
    assert nominal, "the demo's overall after stage 11 has a nominal time"
    for r in range(model.rowCount()):
        assert model.index(r, n_col).data() == ("N" if r in nominal else "")
        assert not model.index(r, time_col).data().rstrip().endswith("N")


@pytest.mark.parametrize("seed", range(10))
def test_one_crew_moved_at_a_time_is_one_move_or_none_and_rows_follow(qtbot, seed):
    """The usual Enter (one crew climbs, drops, ties or stays): at most one move, no reset, the
    rows equal the classification row by row, persistent indexes (selection, scroll) follow."""
    rng = random.Random(seed)
    model = ClassificationModel()
    model.clock = lambda: 100.0
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    order = rng.sample(NUMBERS, 30)
    times = {n: 3_600_000 + i * 1000 for i, n in enumerate(order)}
    model.set_classification(DATA, classification(order, times))
    signals = Signals(model)
    for step in range(20):
        persistent = {n: QPersistentModelIndex(model.index(i, 1)) for i, n in enumerate(order)}
        n = rng.choice(order)
        other = rng.choice(order)
        times[n] = times[other] if step % 3 == 0 else rng.randint(3_500_000, 3_700_000)  # ties
        new = sorted(order, key=lambda m: (times[m], m))
        moves = signals.counts["moved"]
        c = classification(new, times)
        model.set_classification(DATA, c, highlight={n})
        assert signals.counts["moved"] - moves <= 1
        assert numbers_shown(model) == new
        assert [model.index(r, 6).data(Qt.ItemDataRole.UserRole) for r in range(30)] == [
            row.time_ms for row in c.rows
        ]
        for m, index in persistent.items():
            assert index.row() == new.index(m)
        order = new
    assert signals.counts["reset"] == 0


def test_rows_whose_values_stayed_are_repainted_when_keyed_again_or_newly_tied(qtbot):
    """dataChanged reaches a row whose own values are equal when it was keyed again (its
    highlight) or became tied ("2=", its neighbour's time now equal), and no other row."""
    model = ClassificationModel()
    model.clock = lambda: 100.0
    order = NUMBERS[:6]
    times = {n: 3_600_000 + i * 1000 for i, n in enumerate(order)}
    model.set_classification(DATA, classification(order, times))
    repainted: list[int] = []
    model.dataChanged.connect(
        lambda first, last, *_: repainted.extend(range(first.row(), last.row() + 1))
    )
    model.set_classification(DATA, classification(order, times), highlight={order[2]})
    assert repainted == [2]  # the same time keyed again: only its row, highlighted
    assert model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    repainted.clear()
    tied = classification(order, times)
    rows = list(tied.rows)
    rows[4] = rows[4]._replace(position=4, time_ms=rows[3].time_ms, gap_ms=rows[3].gap_ms)
    model.set_classification(DATA, dataclasses.replace(tied, rows=tuple(rows)))
    assert model.index(3, 0).data() == "4=" and model.index(4, 0).data() == "4="
    assert repainted == [3, 4]  # row 3 is unchanged but now shows "4="
