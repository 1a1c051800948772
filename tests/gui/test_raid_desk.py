"""Issue 26 at the desk (RULES §8): Set-up > Stages with waypoints and the max+ rule, Timing >
Passages, Close passages and Interrupt stage, each reached by its menu action and its shortcut."""

from __future__ import annotations

import pytest
from menu_walk import window_actions
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from test_publication_desk import confirm

from rallydesk.domain.waypoints import Waypoint
from rallydesk.gui.raid_interrupt import InterruptDialog
from rallydesk.gui.raid_timing import ClosePassagesDialog, PassagesDialog
from rallydesk.services import Event

PINS = {"Rita RESULTS": "2222", "Ana CLERK": "3333"}


@pytest.fixture
def raid_event(small_event):
    """Stage 2 timed by start and finish (times of day), two waypoints, passages with gaps."""
    with Event.open(small_event) as ev:
        ev.set_waypoints(2, [Waypoint(2, 1, 120.0, "WPV"), Waypoint(2, 2, 250.0, "WPM")])
        finishes = {201: "11:00:00", 202: "11:30:00", 203: "16:50:00", 501: "12:10:00"}
        for i, number in enumerate((201, 202, 203, 501, 502)):
            start = f"08:{i:02d}:00"
            finish = finishes.get(number)
            if finish is None:
                ev.record_time(2, number, status="DNF", reason="engine")
            else:
                ev.record_time(2, number, start=start, finish=finish, reason="re-timed")
        for number, wp, at in (
            (201, 1, "09:00:00"),
            (201, 2, "10:00:00"),
            (202, 1, "09:10:00"),
            (203, 2, "12:00:00"),
            (501, 1, "09:30:00"),
            (501, 2, "10:30:00"),
        ):
            ev.add_passage(2, number, wp, at)
    return small_event


@pytest.fixture
def raid_window(qtbot, raid_event):
    from rallydesk.gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(raid_event)
    w.show()
    if w.login_dialog is not None:
        w.login_dialog.close()
    w.desk.entry.step_stage(1)  # the desk on stage 2
    assert w.desk.entry.current_stage() == 2
    yield w
    w.close_event()
    w.close()
    w.deleteLater()


def action(window, name: str):
    return dict(window_actions(window))[name]


def opened(window, kind: type, how, qtbot):
    """The dialog ``how`` opened (an action's trigger or its shortcut pressed in the window)."""
    how()
    found = [d for d in window.findChildren(kind) if d.isVisible()]
    assert len(found) == 1, f"no {kind.__name__} shown"
    return found[0]


def press(window, key: str) -> None:
    combo = QKeySequence(key)[0]
    window.activateWindow()
    QTest.keyClick(QApplication.focusWidget() or window, combo.key(), combo.keyboardModifiers())


def done(dialog) -> None:
    dialog.close()
    dialog.deleteLater()


def test_the_three_actions_are_in_the_timing_menu_with_their_shortcuts(raid_window):
    for name, key in (
        ("Timing > Passages", "Ctrl+Shift+A"),
        ("Timing > Close passages", "Ctrl+Shift+G"),
        ("Timing > Interrupt stage", "Ctrl+Shift+I"),
    ):
        assert action(raid_window, name).shortcut() == QKeySequence(key)


def test_passages_shows_who_passed_where_and_the_missing_ones(qtbot, raid_window):
    d = opened(raid_window, PassagesDialog, action(raid_window, "Timing > Passages").trigger, qtbot)
    try:
        headers = [d.table.horizontalHeaderItem(c).text() for c in range(d.table.columnCount())]
        assert headers[2:] == ["Missing", "WP1 WPV (120)", "WP2 WPM (250)"]
        assert d.column_texts(0) == ["201", "202", "203", "501", "502"]
        assert d.column_texts(3) == ["09:00:00", "09:10:00", "missing", "09:30:00", "missing"]
        assert d.column_texts(2) == ["", "1", "1", "", "2"]
        assert "4 missing passages, by 3 crews" in d.summary.text()
        d.only_missing.setChecked(True)
        assert d.column_texts(0) == ["202", "203", "502"]
        raid_window.rally_event.add_passage(2, 202, 2, "10:20:00")  # keyed meanwhile: shown
        assert d.column_texts(0) == ["203", "502"]
    finally:
        done(d)
    d = opened(raid_window, PassagesDialog, lambda: press(raid_window, "Ctrl+Shift+A"), qtbot)
    done(d)


def test_close_passages_shows_the_penalties_first_cancel_adds_nothing(qtbot, raid_window):
    ev = raid_window.rally_event
    before = list(ev.data.adjustments)
    d = opened(
        raid_window,
        ClosePassagesDialog,
        action(raid_window, "Timing > Close passages").trigger,
        qtbot,
    )
    # 202 missed WP2 (WPM, 60'), 203 WP1 (WPV, 15'); 502 is DNF: not OK, no penalty
    rows = [[d.table.item(r, c).text() for c in (0, 2, 3, 4)] for r in range(d.table.rowCount())]
    assert rows == [["202", "WP2", "250", "WPM"], ["203", "WP1", "120", "WPV"]]
    assert "2 penalties will be added" in d.message.text()
    d.reject()
    d.deleteLater()
    assert list(ev.data.adjustments) == before  # the dry run wrote nothing
    d = opened(raid_window, ClosePassagesDialog, lambda: press(raid_window, "Ctrl+Shift+G"), qtbot)
    assert d.confirm()
    d.deleteLater()
    added = [a for a in ev.data.adjustments if a not in before]
    assert sorted((a.number, a.amount_ms, a.reason) for a in added) == [
        (202, 3_600_000, "missed WP2 (km 250)"),
        (203, 900_000, "missed WP1 (km 120)"),
    ]


def _interrupt_stopped(qtbot, d, at: str = "16:24:00") -> None:
    qtbot.keyClicks(d.decision, "14")
    d.rule.setCurrentIndex(d.rule.findData("stopped-at"))
    qtbot.keyClicks(d.stopped_at, at)
    qtbot.keyClicks(d.reason, "floods")


def test_interrupt_shows_before_and_after_then_confirms_and_undoes(qtbot, raid_window):
    ev = raid_window.rally_event
    d = opened(
        raid_window, InterruptDialog, action(raid_window, "Timing > Interrupt stage").trigger, qtbot
    )
    try:
        _interrupt_stopped(qtbot, d)
        assert not d.confirm_button.isEnabled()  # nothing to confirm before the preview
        qtbot.keyClick(d.reason, Qt.Key.Key_Return)  # preview
        assert d.confirm_button.isEnabled()
        assert d.texts(d.before, 1)[:4] == ["201", "202", "501", "203"]
        # 203 finished after 16:24: the elapsed time of 501, the last to finish before T
        after = dict(zip(d.texts(d.after, 1), d.texts(d.after, 3), strict=False))
        assert after["203"] == after["501"]
        assert ev.data.raid.interruption(2, "CAR") is None  # the dry run wrote nothing
        assert d.confirm()
        assert ev.data.raid.interruption(2, "CAR").stopped_at_ms == (16 * 60 + 24) * 60_000
    finally:
        done(d)
    d = opened(raid_window, InterruptDialog, lambda: press(raid_window, "Ctrl+Shift+I"), qtbot)
    try:
        assert "Already interrupted: stopped at 16:24:00 (decision 14, floods)" in d.message.text()
        assert not d.undo()  # a reason first
        assert "reason" in d.message.text()
        qtbot.keyClicks(d.reason, "decision 15 withdrew it")
        assert d.undo()
        assert ev.data.raid.interruption(2, "CAR") is None
    finally:
        done(d)


def test_a_changed_decision_must_be_previewed_again(qtbot, raid_window):
    d = opened(
        raid_window, InterruptDialog, action(raid_window, "Timing > Interrupt stage").trigger, qtbot
    )
    try:
        _interrupt_stopped(qtbot, d)
        assert d.preview()
        qtbot.keyClicks(d.stopped_at, "x")
        assert not d.confirm_button.isEnabled()
        assert not d.preview() and "stopped at" in d.message.text().lower()
        d.rule.setCurrentIndex(d.rule.findData("at-waypoint"))
        d.at_waypoint.setCurrentIndex(0)
        assert d.preview()  # classified at WP1: 203 and 502 without a passage there are DNF
        assert set(d.texts(d.after, 0)) >= {"DNF"}
    finally:
        done(d)


def test_set_up_stages_has_max_time_fixed_penalty_and_max_plus(qtbot, raid_window):
    ev = raid_window.rally_event
    model = raid_window.desk.setup.stages
    names = [c[0] for c in model.columns]
    row = [model.index(r, 0).data() for r in range(model.rowCount())].index("2")
    assert model.setData(model.index(row, names.index("max_time")), "10:00:00")
    assert model.setData(model.index(row, names.index("fixed_penalty")), "1:00:00")
    assert model.setData(model.index(row, names.index("nominal")), "max+")
    stage = ev.data.stage(2)
    assert (stage.nominal.kind, stage.max_time_ms, stage.fixed_penalty_ms) == (
        "max+",
        36_000_000,
        3_600_000,
    )
    assert model.index(row, names.index("nominal")).data() == "max+"


def test_set_up_stages_has_the_waypoints_and_the_event_its_missed_penalties(qtbot, raid_window):
    ev = raid_window.rally_event
    setup = raid_window.desk.setup
    panel = setup.waypoints
    panel.show_stage(2)
    assert [r["waypoint"] for r in panel.rows()] == ["1", "2"]
    panel.add_row("3", "330", "WPE")
    assert panel.save()
    assert [(w.number, w.km, w.kind) for w in ev.waypoints(2)][-1] == (3, 330.0, "WPE")
    panel.add_row("4", "abc", "WPV")
    assert not panel.save() and "km" in panel.message.text()
    assert len(ev.waypoints(2)) == 3  # nothing written
    # the missed-waypoint penalties in the event's settings
    setup.missed.fields["WPM"].setText("1:30:00")
    assert setup.save_settings()
    assert ev.missed_penalties()["WPM"] == 5_400_000
    setup.missed.fields["WPV"].setText("soon")
    assert not setup.save_settings() and "WPV" in setup.message.text()


def test_on_an_official_unit_only_the_clerk_interrupts(qtbot, raid_event):
    from datetime import UTC, datetime, timedelta

    from rallydesk.gui.main_window import MainWindow

    with Event.open(raid_event) as ev:
        for name, role in (("Rita RESULTS", "results-manager"), ("Ana CLERK", "clerk")):
            ev.add_official(name, role, PINS[name])
    w = MainWindow()
    qtbot.addWidget(w)
    try:
        assert w.open_path(raid_event)
        w.show()
        ev = w.rally_event

        def log_in(name: str) -> None:
            dialog = w.login_dialog
            if dialog is None or not dialog.isVisible():
                dialog = w.login_dialog_open()
            dialog.names.setCurrentIndex(dialog.names.findData(name))
            qtbot.keyClicks(dialog.pin, PINS[name])
            qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
            assert not dialog.isVisible()

        log_in("Ana CLERK")
        pub = w.desk.publication
        w.desk.tabs.setCurrentWidget(pub)
        pub.select(2, "CAR")
        pub.provisional_button.click()
        confirm(qtbot, pub)
        ev.clock = lambda: datetime.now(UTC) + timedelta(minutes=31)
        pub.official_button.click()
        confirm(qtbot, pub)
        assert ev.published()[(2, "CAR")]["status"] == "official"
        log_in("Rita RESULTS")
        w.desk.entry.step_stage(1)
        d = opened(w, InterruptDialog, action(w, "Timing > Interrupt stage").trigger, qtbot)
        _interrupt_stopped(qtbot, d)
        assert d.preview()  # a dry run writes nothing: anyone may look
        assert not d.confirm()
        assert "needs the clerk" in d.message.text()
        assert ev.data.raid.interruption(2, "CAR") is None
        done(d)
        before = list(ev.data.adjustments)
        d = opened(w, ClosePassagesDialog, action(w, "Timing > Close passages").trigger, qtbot)
        assert d.table.rowCount() == 2  # the dry run shows them to anyone
        assert not d.confirm() and "needs the clerk" in d.message.text()
        assert list(ev.data.adjustments) == before
        done(d)
        log_in("Ana CLERK")
        d = opened(w, ClosePassagesDialog, action(w, "Timing > Close passages").trigger, qtbot)
        assert d.confirm() and len(ev.data.adjustments) == len(before) + 2
        d.deleteLater()
        d = opened(w, InterruptDialog, action(w, "Timing > Interrupt stage").trigger, qtbot)
        _interrupt_stopped(qtbot, d)
        assert d.preview() and d.confirm()
        assert ev.data.raid.interruption(2, "CAR") is not None
        done(d)
    finally:
        w.close_event()
        w.close()
        w.deleteLater()


@pytest.fixture
def french_raid_window(qtbot, qapp, raid_event, monkeypatch):
    """The desk built in French (the translators before the first widget), on stage 2."""
    from rallydesk.gui import i18n
    from rallydesk.gui.main_window import MainWindow

    monkeypatch.setenv("RALLYDESK_LANG", "fr")
    assert i18n.install(qapp) == "fr"
    w = MainWindow()
    qtbot.addWidget(w)
    try:
        assert w.open_path(raid_event)
        w.show()
        if w.login_dialog is not None:
            w.login_dialog.close()
        w.desk.entry.step_stage(1)
        assert w.desk.entry.current_stage() == 2
        yield w
    finally:
        w.close_event()
        w.close()
        w.deleteLater()
        i18n.remove(qapp)


def test_the_french_desk_words_the_rules_reasons(qtbot, french_raid_window):
    """Through the French menu: the missed-waypoint penalties before they are added and then in
    the penalties list, the DNF an at-waypoint decision makes in its preview and then in the
    desk's stage view, each in French; the store keeps the rules' own text."""
    w = french_raid_window
    ev = w.rally_event
    d = opened(
        w, ClosePassagesDialog, action(w, "Chronométrage > Clore les passages").trigger, qtbot
    )
    assert d.table.horizontalHeaderItem(6).text() == "Motif"
    pending = [d.table.item(r, 6).text() for r in range(d.table.rowCount())]
    assert pending == ["WP2 manqué (km 250)", "WP1 manqué (km 120)"]
    assert d.confirm()
    d.deleteLater()
    d = opened(w, InterruptDialog, action(w, "Chronométrage > Interrompre l'étape").trigger, qtbot)
    french = "pas de passage au WP1\u00a0: l'étape y est classée (décision 14)"
    try:
        qtbot.keyClicks(d.decision, "14")
        d.rule.setCurrentIndex(d.rule.findData("at-waypoint"))
        d.at_waypoint.setCurrentIndex(0)
        qtbot.keyClicks(d.reason, "crues")
        assert d.preview()
        after = dict(zip(d.texts(d.after, 1), d.texts(d.after, 3), strict=True))
        assert after["203"] == french  # finished, but no passage at WP1: DNF by the decision
        assert not any("passage at" in t for t in after.values())
        assert d.confirm()
    finally:
        done(d)
    stage_views = [v for v in w.desk.views if v.selection()[:2] == (2, False)]
    assert stage_views, "no view of stage 2 on the desk"

    def shown() -> dict[str, str]:
        return {r[0]: r[4] for r in stage_views[0].not_classified_rows()}

    qtbot.waitUntil(lambda: "203" in shown(), timeout=3000)  # the views follow the change
    assert shown()["203"] == french
    reasons = {n.number: n.reason for n in ev.classification(2, group="CAR").not_classified}
    assert reasons[203].startswith("no passage at WP1")
    action(w, "Affichage > Pénalités").trigger()
    model = w.desk.adjustments.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    col = titles.index("Motif")
    listed = {model.index(r, col).data() for r in range(model.rowCount())}
    assert {"WP2 manqué (km 250)", "WP1 manqué (km 120)"} <= listed
    assert {a.reason for a in ev.data.adjustments} >= {"missed WP2 (km 250)", "missed WP1 (km 120)"}


def test_the_french_crew_card_words_a_missed_waypoint_penalty(qtbot, french_raid_window):
    """Enter on a crew of the stage view: its card lists its penalties in French, the missed
    waypoint included (the card said "stage 2 #202 +1:00:00 'missed WP2 (km 250)'" before)."""
    w = french_raid_window
    w.rally_event.close_passages(2, "CAR")
    view = next(v for v in w.desk.views if v.selection()[:2] == (2, False))
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    view.select_number(202)
    view.table.setFocus()
    w.activateWindow()
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(w.desk, "crew_card", None) is not None)
    card = w.desk.crew_card
    try:
        assert card.card["number"] == 202
        lines = card.penalty_lines(w.desk.bridge, 202)
        assert lines == ["étape 2\u00a0: + 01h 00' 00'', WP2 manqué (km 250)"]
        shown = [lab.text() for lab in card.findChildren(QLabel)]
        assert any("WP2 manqué (km 250)" in t and "Pénalités" in t for t in shown)
    finally:
        card.close()
        card.deleteLater()


def test_the_french_desk_says_a_stage_is_already_interrupted_in_french(qtbot, french_raid_window):
    w = french_raid_window
    w.rally_event.interrupt(2, "CAR", "14", "floods", stopped_at="16:24:00")
    d = opened(w, InterruptDialog, action(w, "Chronométrage > Interrompre l'étape").trigger, qtbot)
    try:
        qtbot.keyClicks(d.decision, "15")
        d.rule.setCurrentIndex(d.rule.findData("at-waypoint"))
        qtbot.keyClicks(d.reason, "crues")
        assert not d.preview()
        assert "L'étape 2 CAR est déjà interrompue" in d.message.text()
        assert "already" not in d.message.text()
    finally:
        done(d)


def test_the_journal_tab_filters_the_raid_changes_by_kind(qtbot, french_raid_window):
    """Affichage > Journal: waypoints, passages and interruptions are kinds of their own."""
    w = french_raid_window
    w.rally_event.interrupt(2, "CAR", "14", "floods", stopped_at="16:24:00")
    action(w, "Affichage > Journal").trigger()
    journal = w.desk.journal
    assert w.desk.tabs.currentWidget() is journal
    for kind, word, actions in (
        ("waypoint", "waypoints", {"waypoint.put"}),
        ("passage", "passages", {"passage.set"}),
        ("interruption", "interruptions d'étape", {"interruption.add"}),
    ):
        journal.kind.setCurrentIndex(journal.kind.findData(kind))
        assert journal.kind.currentText() == word
        shown = {journal.model.row(i)["action"] for i in range(journal.model.rowCount())}
        assert shown == actions
