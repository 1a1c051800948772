"""The desk speaks French: every GUI text goes through tr() and has a French translation.

Four nets, from the source to the screen:
1. the committed .ts has a finished French translation for every message, with the same %1 %2…;
2. every tr()/translate() string in rallydesk/gui is in that .ts (an AST scan, and pyside6-lupdate
   itself when it is installed), and the committed .qm gives the same translations;
3. no literal English text is handed to a widget without tr() (an AST lint of the text setters);
4. the real main window, built in French on the demo event, shows no English word: every widget,
   action, menu, tab, combo item and column header is walked.
"""

from __future__ import annotations

import ast
import html
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import rallydesk

GUI = Path(rallydesk.__file__).parent / "gui"
TRANSLATIONS = Path(rallydesk.__file__).parent / "resources" / "translations"
TS = TRANSLATIONS / "rallydesk_fr.ts"
QM = TRANSLATIONS / "rallydesk_fr.qm"


def _tool(name: str) -> str | None:
    """pyside6-lupdate / pyside6-lrelease beside this Python (the venv), else on the PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


def ts_messages(path: Path = TS) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> the <translation> element of every message of a .ts file."""
    root = ET.parse(path).getroot()
    out = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            out[(name, m.findtext("source") or "")] = m.find("translation")
    return out


# ------------------------------------------------------------------ 1. the .ts is finished


def test_every_message_has_a_french_translation():
    messages = ts_messages()
    assert len(messages) > 250  # the whole desk, not a stub
    problems = []
    for (ctx, source), tr in messages.items():
        kind = tr.get("type")
        forms = [f.text or "" for f in tr.findall("numerusform")]
        if forms:  # tr("%n …", "", n): each plural form translated, each with %n
            if kind or not all(f.strip() and "%n" in f for f in forms):
                problems.append(f"{ctx}: {source!r}: a plural form is missing or lacks %n")
            continue
        if kind in ("unfinished", "vanished", "obsolete") or not (tr.text or "").strip():
            problems.append(f"{ctx}: {source!r} has no French translation ({kind or 'empty'})")
        elif sorted(re.findall(r"%\d", source)) != sorted(re.findall(r"%\d", tr.text)):
            problems.append(f"{ctx}: {source!r} -> {tr.text!r}: the placeholders differ")
    assert not problems, "run packaging/translations.sh and translate:\n" + "\n".join(problems)


# ------------------------------------------------------------------ 2. the source and the .ts agree


def source_strings() -> tuple[set[tuple[str, str]], list[str]]:
    """(context, text) of every tr()/translate()/QT_TRANSLATE_NOOP in the GUI, as lupdate sees them,
    and the calls whose text is not one literal string (a translator would never see them)."""
    found: set[tuple[str, str]] = set()
    bad: list[str] = []
    marked: set[str] = set()  # contexts with QT_TRANSLATE_NOOP strings
    dynamic: list[
        tuple[str, str]
    ] = []  # translate(context, variable): fine when the texts are marked

    def visit(node: ast.AST, cls: str, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            visit(child, child.name if isinstance(child, ast.ClassDef) else cls, where)
        if not isinstance(node, ast.Call):
            return
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
        if name == "tr":
            args, context = node.args[:1], cls
        elif name in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) >= 2:
            ctx = node.args[0]
            if not (isinstance(ctx, ast.Constant) and isinstance(ctx.value, str)):
                bad.append(f"{where}:{node.lineno}: {name}() with a computed context")
                return
            args, context = node.args[1:2], ctx.value
        else:
            return
        if len(args) == 1 and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
            found.add((context, args[0].value))
            if name == "QT_TRANSLATE_NOOP":
                marked.add(context)
        elif name == "translate":
            dynamic.append((f"{where}:{node.lineno}", context))
        else:
            bad.append(f"{where}:{node.lineno}: {name}() of something else than one literal string")

    for path in sorted(GUI.glob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), "", path.name)
    bad += [
        f"{at}: translate() of a variable in {ctx!r}, where no QT_TRANSLATE_NOOP marks texts"
        for at, ctx in dynamic
        if ctx not in marked
    ]
    return found, bad


def test_every_tr_string_in_the_source_is_in_the_ts():
    found, bad = source_strings()
    assert not bad, "keep f-strings and variables out of tr(): use %1 and i18n.arg\n" + "\n".join(
        bad
    )
    committed = set(ts_messages())
    missing = sorted(found - committed)
    assert not missing, "not in rallydesk_fr.ts, run packaging/translations.sh:\n" + "\n".join(
        map(str, missing)
    )
    stale = sorted(committed - found)
    assert not stale, (
        "in rallydesk_fr.ts but no longer in the source, run packaging/translations.sh:\n"
        + "\n".join(map(str, stale))
    )


def test_lupdate_finds_nothing_new(tmp_path):
    """pyside6-lupdate on the source, into a copy of the .ts: nothing may come out unfinished."""
    lupdate = _tool("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = [str(p) for p in sorted(GUI.glob("*.py"))]
    subprocess.run(
        [lupdate, *sources, "-ts", str(copy), "-no-obsolete"], check=True, capture_output=True
    )
    unfinished = [src for src, tr in ts_messages(copy).items() if tr.get("type") == "unfinished"]
    assert not unfinished, "tr() strings without a French translation:\n" + "\n".join(
        map(str, unfinished)
    )
    assert set(ts_messages(copy)) == set(ts_messages())


def test_the_qm_says_what_the_ts_says(qapp):
    """The committed .qm (what the desk loads) gives every translation of the .ts: not stale.
    Compared message by message, not byte by byte, so another lrelease version may have built it."""
    from PySide6.QtCore import QTranslator

    qm = QTranslator()
    data = QM.read_bytes()
    assert qm.load(data)

    def expected(tr, n):  # French: the first plural form for 0 and 1, the second above
        forms = [f.text for f in tr.findall("numerusform")]
        return (forms[0] if n <= 1 else forms[1]) if forms else tr.text  # %n filled later

    stale = [
        (ctx, src)
        for (ctx, src), tr in ts_messages().items()
        for n in ((1, 5) if tr.findall("numerusform") else (-1,))
        if qm.translate(ctx, src, None, n) != expected(tr, n)
    ]
    assert not stale, "rallydesk_fr.qm is stale, run packaging/translations.sh:\n" + "\n".join(
        map(str, stale)
    )


# ------------------------------------------------------------------ 3. no literal text reaches a widget

#: methods and constructors that put text on screen, with the positions of their text arguments
TEXT_CALLS: dict[str, tuple[int, ...]] = {
    "setText": (0,),
    "setToolTip": (0,),
    "setStatusTip": (0,),
    "setWhatsThis": (0,),
    "setPlaceholderText": (0,),
    "setWindowTitle": (0,),
    "setTitle": (0,),
    "setTabText": (1,),
    "setTabToolTip": (1,),
    "addTab": (1,),
    "insertTab": (2,),
    "addMenu": (0,),
    "showMessage": (0,),
    "addItem": (0,),
    "addItems": (0,),
    "insertItem": (1,),
    "setHeaderLabels": (0,),
    "setHorizontalHeaderLabels": (0,),
    "addRow": (0,),
    "addButton": (0,),
    "addAction": (0,),
    "setLabelText": (0,),
    "setItemText": (1,),
    "QLabel": (0,),
    "QPushButton": (0,),
    "QAction": (0,),
    "QGroupBox": (0,),
    "QToolButton": (0,),
    "QCheckBox": (0,),
    "QRadioButton": (0,),
    "QProgressDialog": (0,),
    "QListWidgetItem": (0,),
    "QTreeWidgetItem": (0,),
    "QTableWidgetItem": (0,),
    "QLineEdit": (0,),
    "question": (1, 2),
    "critical": (1, 2),
    "information": (1, 2),
    "warning": (1, 2),
    "about": (1, 2),
    "getText": (1, 2),
    "getItem": (1, 2),
    "getInt": (1, 2),
    "getOpenFileName": (1, 3),
    "getOpenFileNames": (1, 3),
    "getSaveFileName": (1, 3),
    "getExistingDirectory": (1,),
}
#: literal words a widget may show untranslated: the product's name
ALLOWED_LITERAL = {"RallyDesk"}


def _literal_text(node: ast.AST) -> str:
    """The literal part of a text expression; anything computed (tr(), a variable) becomes {}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal_text(node.left) + _literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) + " " + _literal_text(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return " ".join(_literal_text(e) for e in node.elts)
    return "{}"


def untranslated_literals(tree: ast.AST, where: str) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
        for i in TEXT_CALLS.get(name, ()):
            if i < len(node.args):
                text = re.sub(r"<[^>]*>", "", _literal_text(node.args[i]))
                words = [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED_LITERAL]
                if words:
                    out.append(f"{where}:{node.lineno}: {name}(… {text!r} …) is not translated")
    return out


def test_no_literal_text_reaches_a_widget_without_tr():
    problems = []
    for path in sorted(GUI.glob("*.py")):
        problems += untranslated_literals(ast.parse(path.read_text(encoding="utf-8")), path.name)
    assert not problems, "wrap these in self.tr() (or QCoreApplication.translate):\n" + "\n".join(
        problems
    )


def test_the_lint_sees_a_literal_label():
    code = "w.setToolTip(f'Stage {n} of the rally')\nQLabel('<b>Crew</b>')\nQLabel(self.tr('Crew'))\nx.setText('×')"
    found = untranslated_literals(ast.parse(code), "example.py")
    assert len(found) == 2 and "Stage" in found[0] and "Crew" in found[1]


# ------------------------------------------------------------------ 4. the French window


@pytest.fixture
def french(qapp, monkeypatch):
    """RallyDesk's and Qt's French translators, removed afterwards (the other tests read English)."""
    from rallydesk.gui import i18n

    monkeypatch.setenv("RALLYDESK_LANG", "fr")
    assert i18n.install(qapp) == "fr"
    yield
    i18n.remove(qapp)


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[^\W\d_]{2,}", text)]


def _clean(text: str) -> str:
    """What the official reads: no accelerator &, no HTML, single spaces."""
    text = re.sub(r"<[^>]*>", " ", text.replace("&&", "\0").replace("&", "").replace("\0", "&"))
    return " ".join(html.unescape(text).replace("\u00a0", " ").split())


#: words that read the same in French: codes, keys, the product and the languages' own names
SAME_IN_FRENCH = {
    "ok",
    "dns",
    "dnf",
    "ret",
    "dsq",
    "exp",
    "ctrl",
    "alt",
    "shift",
    "pgup",
    "pgdown",
    "rallydesk",
    "prologue",
    "english",
    "français",
    "csv",
    "xlsx",
    "excel",
    "km",
    # the kinds of waypoint of the rally-raid regulations (RULES §8)
    "wpv",
    "wpm",
    "wpe",
    "wps",
    "wpc",
    # French words that are English words too ("en attente", "même place")
    "en",
    "place",
    "places",
}


class FrenchChecker:
    """Says which texts are still English: equal to a source the .ts translates differently, or with
    a word found in no French translation and in none of the event's own data (names, places…)."""

    def __init__(self, data_texts: list[str]) -> None:
        messages = ts_messages()
        self.english = {
            _clean(src) for (_, src), tr in messages.items() if _clean(src) != _clean(tr.text or "")
        }
        self.french = {_clean(tr.text or "") for tr in messages.values()}
        fr_words = {w for t in self.french for w in _words(t)}
        # words as read: a mnemonic inside a word ("des&k") does not cut it ("des" is French)
        en_words = {w for (_, src) in messages for w in _words(_clean(src))}
        # a word of both languages counts as French only when some translation keeps it and it is
        # not one of the English keywords quoted in a tooltip (stage, none, yes…)
        kept = {
            w
            for (_, src), tr in messages.items()
            for w in set(_words(_clean(src))) & set(_words(_clean(tr.text or "")))
        }
        self.vocabulary = (fr_words - en_words) | (kept & SAME_IN_FRENCH) | SAME_IN_FRENCH
        self.data = {w for t in data_texts for w in _words(t)}

    def problem(self, text: str) -> str | None:
        text = _clean(text)
        if not text or text in self.french:
            return None
        if text in self.english:
            return "untranslated"
        odd = [w for w in _words(text) if w not in self.vocabulary and w not in self.data]
        return f"English words {odd}" if odd else None


def visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) of everything an official can read in the window, tooltips included."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QMenu,
        QTableView,
        QTabWidget,
        QTreeWidget,
        QWidget,
    )

    out: list[tuple[str, str]] = [("window title", window.windowTitle())]
    for w in [window, *window.findChildren(QWidget)]:
        kind = type(w).__name__
        out += [(f"{kind} tooltip", w.toolTip()), (f"{kind} status tip", w.statusTip())]
        if isinstance(w, QLabel):
            out.append(("QLabel", w.text()))
        if isinstance(w, QAbstractButton):
            out.append((kind, w.text()))
        if isinstance(w, QLineEdit):
            out.append(("placeholder", w.placeholderText()))
        if isinstance(w, QGroupBox):
            out.append(("group box", w.title()))
        if isinstance(w, QMenu):
            out.append(("menu", w.title()))
        if isinstance(w, QComboBox):
            out += [("combo item", w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                out += [("tab", w.tabText(i)), ("tab tooltip", w.tabToolTip(i))]
        if isinstance(w, QListWidget):
            out += [("list item", w.item(i).text()) for i in range(w.count())]
        if isinstance(w, QTreeWidget):
            header = w.headerItem()
            out += [("tree header", header.text(c)) for c in range(header.columnCount())]
            for i in range(w.topLevelItemCount()):
                item = w.topLevelItem(i)
                out += [("tree item", item.text(c)) for c in range(item.columnCount())]
                for j in range(item.childCount()):
                    out += [("tree item", item.child(j).text(c)) for c in range(item.columnCount())]
        if isinstance(w, QTableView) and w.model() is not None:
            m = w.model()
            for c in range(w.horizontalHeader().count()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = m.headerData(c, Qt.Orientation.Horizontal, role)
                    out.append(
                        (f"{type(m).__name__} header", value if isinstance(value, str) else "")
                    )
    for a in window.findChildren(QAction):
        out += [
            ("action", a.text()),
            ("action tooltip", a.toolTip()),
            ("action status tip", a.statusTip()),
        ]
    return [(where, text) for where, text in out if text]


def data_texts(event, extra: list[str]) -> list[str]:
    """Everything in the event that is data, not desk language: names, places, codes, reasons."""
    from rallydesk.domain.names import crew_label

    d = event.data
    texts = [d.settings.name, *extra]
    texts += [s.name for s in d.stages] + [g.name for g in d.groups] + [g.code for g in d.groups]
    for e in d.entries:
        texts += [crew_label(e), e.team or "", e.vehicle or "", e.class_code]
    texts += [a.reason or "" for a in event.adjustments(include_revoked=True)]
    return texts


@pytest.fixture
def french_demo(qtbot, tmp_path, french):
    """The real window on the demo event, built after the French translators were installed."""
    from rallydesk.demo import write_demo
    from rallydesk.gui.main_window import MainWindow

    path = write_demo(tmp_path / "demo.rallydesk")
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(path)
    w.show()
    yield w
    w.close_event()
    w.close()
    w.deleteLater()


def english_left(window, extra: list[str]) -> list[str]:
    import zoneinfo

    zones = sorted(
        zoneinfo.available_timezones()
    )  # IANA identifiers (Asia/Riyadh) are data, not words
    checker = FrenchChecker(
        data_texts(window.rally_event, [*extra, *zones, *Path(window.rally_event.path).parts])
    )
    return sorted(
        {
            f"{where}: {text!r} ({why})"
            for where, text in visible_texts(window)
            if (why := checker.problem(text))
        }
    )


def test_the_french_window_shows_no_english(french_demo, qtbot):
    w = french_demo
    entry = w.desk.entry
    # states whose texts are built on the fly: a status, a start time (Finish), an unknown number
    entry.set_status("DNS")
    entry.start.setText("08:10:00")
    entry.number.setText("9999")
    for i in range(w.desk.tabs.count()):
        w.desk.tabs.setCurrentIndex(i)
        qtbot.wait(1)
    texts = visible_texts(w)
    assert len(texts) > 300  # the walk reached the whole desk
    assert any("Étape" in t for _, t in texts) and any(t == "Pos." for _, t in texts)
    left = english_left(w, [])
    assert not left, "English left in the French window:\n" + "\n".join(left)


def test_the_walk_catches_a_new_english_label(french_demo):
    """The net above has holes only where a word is French or the event's own data."""
    from PySide6.QtWidgets import QLabel

    w = french_demo
    labels = [
        QLabel("Stage winner", w.desk),
        QLabel(w.tr("Record (Enter)"), w.desk),
    ]  # the second: no such context
    labels[1].setToolTip("Save the settings")
    try:
        left = english_left(w, [])
        assert any("Stage winner" in line for line in left)
        assert any("Record (Enter)" in line for line in left)
        assert any("Save the settings" in line for line in left)
    finally:
        for label in labels:
            label.deleteLater()


def test_the_french_import_dialog(qtbot, french_demo):
    from rallydesk.gui.import_dialog import ImportDialog

    dialog = ImportDialog(french_demo.desk.bridge, french_demo)
    qtbot.addWidget(dialog)
    checker = FrenchChecker(data_texts(french_demo.rally_event, []))
    found = [f"{where}: {text!r}" for where, text in visible_texts(dialog) if checker.problem(text)]
    assert dialog.windowTitle().startswith("Importer")
    assert "Annuler" in [b.text() for b in dialog.buttons.buttons()]  # Qt's own French (qtbase_fr)
    assert not found, found
    dialog.close()
    dialog.deleteLater()


# ------------------------------------------------------------------ choosing the language


def test_the_language_follows_env_then_setting_then_system(monkeypatch, qapp):
    from rallydesk.gui import i18n
    from rallydesk.gui.preferences import Preferences

    monkeypatch.delenv("RALLYDESK_LANG", raising=False)

    class Locale:
        languages = ["en-US"]

        @classmethod
        def system(cls):
            return cls

        @classmethod
        def uiLanguages(cls):  # noqa: N802 (Qt's name)
            return cls.languages

    monkeypatch.setattr(i18n, "QLocale", Locale)
    assert i18n.setting() == "system" and i18n.chosen_language() == "en"  # English by default
    Locale.languages = ["fr-FR", "fr"]
    assert i18n.chosen_language() == "fr"  # a French computer
    Preferences().language = "en"
    assert i18n.chosen_language() == "en"  # View > Language wins over the computer
    monkeypatch.setenv("RALLYDESK_LANG", "fr")
    assert i18n.chosen_language() == "fr"  # and the environment over both
    try:
        assert i18n.install(qapp) == "fr"
        assert qapp.translate("Menus", "&File") == "&Fichier"
    finally:
        i18n.remove(qapp)
    assert qapp.translate("Menus", "&File") == "&File"


def test_view_language_is_remembered_for_the_next_start(window):
    from rallydesk.gui import i18n

    menu = window.menus.language_menu
    assert [a.data() for a in menu.actions()] == ["system", "en", "fr"]
    assert next(a for a in menu.actions() if a.isChecked()).data() == "system"
    next(a for a in menu.actions() if a.data() == "fr").trigger()
    assert i18n.setting() == "fr"
    assert "next time" in window.statusBar().currentMessage()  # applied on restart, and it says so
    assert [a.isChecked() for a in menu.actions()] == [False, False, True]
