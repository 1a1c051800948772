"""The layering, checked in one place: GUI and CLI → services → domain + store + io; nothing up.

SQL lives in ``store/`` only, with two stated exceptions outside it: ``outbox.py`` (the desk's
own queue of changes kept offline, a small SQLite file of its own, never the event) and
``server/`` (the administration of a PostgreSQL cluster, done through PostgreSQL's ``psql``
program, never a database library).

Every ``import`` of every module (top level and inside functions) is read with ``ast`` and its
target resolved to a package of RallyDesk or an outside library; each layer has the list of what
it may reach.
"""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "rallydesk"

#: For each layer: the RallyDesk layers it may import. Modules at the top of the package
#: (paths, logs, licences, demo, generate, api, console) are named by their module name.
MAY_IMPORT: dict[str, set[str]] = {
    "domain": {"domain"},
    "store": {"domain", "store", "paths", "collector"},
    "io": {"domain", "io", "paths", "collector"},
    "services": {
        "domain",
        "store",
        "io",
        "paths",
        "logs",
        "outbox",
        "server",
        "services",
        "collector",
    },
    "collector": set(),  # (Python's garbage collector paused while a sheet is made)
    "outbox": {"domain", "store", "paths"},
    "server": {"domain", "store", "paths", "server"},
    # the results board: its own layer between the GUI and CLI and the services
    "board": {"domain", "services", "io", "paths", "logs", "board"},
    "gui": {"domain", "gui", "services", "paths", "logs", "licences", "api", "demo", "board"},
    "cli": {
        "domain",
        "services",
        "io",
        "paths",
        "logs",
        "demo",
        "generate",
        "gui",
        "cli_server",
        "cli_backups",
        "console",
        "cli_board",
        "cli_raid",
        "licences",  # (rallydesk licences: the table Help > About reads, as the GUI does)
    },
    "cli_server": {"domain", "services"},
    "cli_board": {"domain", "services", "board"},
    "cli_backups": {"domain", "services"},
    "cli_raid": {"domain"},
}
#: Outside libraries a layer must never use (Qt only in the GUI and the PDF renderer; SQL, SQLite
#: and PostgreSQL's psycopg, only in store).
FORBIDDEN_LIBRARIES: dict[str, set[str]] = {
    "domain": {"PySide6", "sqlite3", "sqlite_utils", "openpyxl", "platformdirs", "psycopg"},
    "store": {"PySide6", "openpyxl"},
    "io": {"sqlite3", "sqlite_utils", "psycopg"},
    "services": {"PySide6", "sqlite3", "sqlite_utils", "psycopg"},
    "gui": {"sqlite3", "sqlite_utils", "openpyxl", "psycopg"},
    "board": {"PySide6", "sqlite3", "sqlite_utils", "openpyxl", "psycopg"},
    "cli_board": {"PySide6", "sqlite3", "sqlite_utils", "psycopg"},
    "cli": {"PySide6", "sqlite3", "sqlite_utils", "psycopg"},
    "cli_server": {"PySide6", "sqlite3", "sqlite_utils", "psycopg"},
    "cli_backups": {"PySide6", "sqlite3", "sqlite_utils", "psycopg"},
    "cli_raid": {"PySide6", "sqlite3", "sqlite_utils", "psycopg"},
    # the desk's queue file is SQLite through the standard library; never the event's libraries
    "outbox": {"PySide6", "openpyxl", "sqlite_utils", "psycopg"},
    # psql, as a program: no SQL library at all
    "server": {"PySide6", "openpyxl", "sqlite3", "sqlite_utils", "psycopg"},
    "collector": {"PySide6", "openpyxl", "sqlite3", "sqlite_utils", "psycopg"},
}
#: The one renderer that draws with Qt.
QT_IN_IO = {"pdf.py"}


def layer_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem.removesuffix(".py")


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted target) of every import, relative ones resolved against the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = ["rallydesk", *path.relative_to(PACKAGE).with_suffix("").parts][:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" for a in node.names] if node.module is None else [target]
            found += [(node.lineno, t) for t in names]
    return found


def target_layer(target: str) -> str | None:
    parts = target.split(".")
    if parts[0] != "rallydesk" or len(parts) == 1:
        return None
    return parts[1]


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if layer_of(p) in MAY_IMPORT)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_imports_only_what_its_layer_may(path):
    layer = layer_of(path)
    wrong = []
    for line, target in imports(path):
        reached = target_layer(target)
        if reached is not None and reached not in MAY_IMPORT[layer] and reached != "__init__":
            wrong.append(f"line {line}: {target} ({layer} may not reach {reached})")
        library = target.split(".")[0]
        if library in FORBIDDEN_LIBRARIES[layer] and not (
            library == "PySide6" and path.name in QT_IN_IO
        ):
            wrong.append(f"line {line}: {target} ({layer} never uses {library})")
        if layer == "io" and library == "PySide6" and path.name not in QT_IN_IO:
            wrong.append(f"line {line}: {target} (Qt only in the PDF renderer)")
    assert wrong == [], f"{path.relative_to(PACKAGE)}:\n  " + "\n  ".join(wrong)


def test_the_gui_says_no_sql():
    """Beyond imports: no SQL text, no cursor, no reaching into an Event's store from a widget."""
    offenders = [
        (p.name, word)
        for p in sorted((PACKAGE / "gui").glob("*.py"))
        for word in ("sqlite", "execute(", "store.", "event._data")
        if word in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_sql_outside_the_store_is_only_the_outbox_queue_and_psql():
    """The two exceptions, exactly: SQLite only in outbox.py, psql only in server/ (and the
    store's own ``pg_roles`` grants, which the server's add-event runs through psql)."""
    sql_words = ("sqlite3", "execute(", "psycopg")
    offenders = []
    for p in sorted(PACKAGE.rglob("*.py")):
        layer = layer_of(p)
        if layer in ("store", "outbox", "server"):
            continue
        text = p.read_text(encoding="utf-8")
        offenders += [(str(p.relative_to(PACKAGE)), w) for w in sql_words if w in text]
    assert offenders == []
    outbox = (PACKAGE / "outbox.py").read_text(encoding="utf-8")
    assert "import sqlite3" in outbox and "sqlite_utils" not in outbox
    for p in sorted((PACKAGE / "server").glob("*.py")):
        text = p.read_text(encoding="utf-8")
        assert "sqlite" not in text and "import psycopg" not in text, p.name


def test_the_store_never_imports_the_services():
    """The store is given its policy and identity (store/policy.py); it never reaches up for them."""
    for p in sorted((PACKAGE / "store").glob("*.py")):
        for line, target in imports(p):
            assert not target.startswith("rallydesk.services"), f"{p.name}:{line}: {target}"


def test_a_store_importing_the_services_is_caught(tmp_path, monkeypatch):
    fake = tmp_path / "rallydesk"
    (fake / "store").mkdir(parents=True)
    (fake / "store" / "bad.py").write_text("from ..services import Event\n")
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    with pytest.raises(AssertionError, match="store may not reach services"):
        test_each_module_imports_only_what_its_layer_may(fake / "store" / "bad.py")
    with pytest.raises(AssertionError, match="rallydesk.services"):
        test_the_store_never_imports_the_services()


def test_the_check_sees_a_violation(tmp_path, monkeypatch):
    """The checker is not vacuous: a store module importing Qt and the GUI is caught."""
    fake = tmp_path / "rallydesk"
    (fake / "store").mkdir(parents=True)
    (fake / "store" / "bad.py").write_text(
        "from PySide6.QtCore import QObject\nfrom ..gui import app\n"
    )
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    with pytest.raises(AssertionError) as failed:
        test_each_module_imports_only_what_its_layer_may(fake / "store" / "bad.py")
    assert "store never uses PySide6" in str(failed.value) and "store may not reach gui" in str(
        failed.value
    )


# ----------------------------------------------------------------------------- io's parameters

#: Where the names in an io function's parameter annotations may come from: io receives values
#: (the domain's, its own, files and plain data), never the service object or a stand-in for it.
IO_PARAMETER_ORIGINS = ("rallydesk.domain", "rallydesk.io", "pathlib", "collections", "datetime")
#: The renderers draw with their library's own objects.
IO_RENDERER_LIBRARIES = {"excel.py": ("openpyxl",), "pdf.py": ("PySide6",)}
#: Names from ``typing`` that say nothing of what is passed, or declare a service's methods.
IO_REFUSED_TYPING = {"Any", "Protocol"}
#: Parameter names that are the services' objects in every other layer.
IO_REFUSED_PARAMETERS = {"event", "ctx", "self_event", "target"}
#: A cell or JSON value may be anything a sheet holds: (module, function, parameter).
IO_ANY_VALUES = {
    ("excel.py", "put", "value"),
    ("sheet_model.py", "text", "value"),
    ("sheet_model.py", "cell_text", "value"),
    ("versions.py", "_tuples", "value"),
    ("pdf.py", "_table_row", "values"),
}


def _origins(tree: ast.Module, path: Path) -> dict[str, str]:
    """Each name a module imports → the dotted module it comes from (relative ones resolved)."""
    here = ["rallydesk", *path.relative_to(PACKAGE).with_suffix("").parts][:-1]
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                found[a.asname or a.name.split(".")[0]] = a.name
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            for a in node.names:
                found[a.asname or a.name] = f"{module}.{a.name}" if node.module is None else module
    return found


def _annotation_names(annotation: ast.expr) -> list[str]:
    """The first name of every name or dotted name in an annotation (string ones parsed)."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        annotation = ast.parse(annotation.value, mode="eval").body
    return [n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)]


def io_parameter_problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    origins = _origins(tree, path)
    defined = {
        t.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for t in ([node.target] if not isinstance(node, ast.Assign) else node.targets)
        if isinstance(t, ast.Name)
    } | {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    allowed = IO_PARAMETER_ORIGINS + IO_RENDERER_LIBRARIES.get(path.name, ())
    wrong = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                if "Protocol" in _annotation_names(base):
                    wrong.append(f"line {node.lineno}: class {node.name} is a Protocol")
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        a = node.args
        for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs, *(x for x in (a.vararg, a.kwarg) if x)]:
            where = f"line {arg.lineno}: {node.name}({arg.arg})"
            if arg.arg in IO_REFUSED_PARAMETERS:
                wrong.append(f"{where}: io is given values, not the event or its context")
            if arg.annotation is None:
                continue
            for name in _annotation_names(arg.annotation):
                origin = origins.get(name)
                if name in IO_REFUSED_TYPING and origin == "typing":
                    if (path.name, node.name, arg.arg) not in IO_ANY_VALUES:
                        wrong.append(f"{where}: typing.{name} says nothing of what io is given")
                elif origin is None:
                    if name not in defined and not hasattr(builtins, name):
                        wrong.append(f"{where}: {name} comes from nowhere io may take it from")
                elif origin != "typing" and not origin.startswith(allowed):
                    wrong.append(f"{where}: {name} comes from {origin}")
    return wrong


IO_MODULES = sorted((PACKAGE / "io").glob("*.py"))


@pytest.mark.parametrize("path", IO_MODULES, ids=lambda p: p.name)
def test_io_is_given_domain_values_never_the_service_object(path):
    """Every parameter of every io function is typed with the domain's, io's own, or plain types:
    no Any, no Protocol of service methods, no ``event`` or ``ctx``."""
    wrong = io_parameter_problems(path)
    assert wrong == [], f"io/{path.name}:\n  " + "\n  ".join(wrong)


def test_the_io_parameter_check_sees_a_violation(tmp_path, monkeypatch):
    fake = tmp_path / "rallydesk"
    (fake / "io").mkdir(parents=True)
    bad = fake / "io" / "bad.py"
    bad.write_text(
        "from typing import Any, Protocol\n"
        "from ..services.context import EventContext\n"
        "class Target(Protocol):\n    def reload(self) -> None: ...\n"
        "def f(event: Any) -> None: ...\n"
        "def g(ctx: 'EventContext', t: Target) -> None: ...\n"
    )
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    found = "\n".join(io_parameter_problems(bad))
    assert "class Target is a Protocol" in found
    assert "f(event): io is given values" in found and "f(event): typing.Any" in found
    assert "g(ctx)" in found and "EventContext comes from rallydesk.services.context" in found


#: The size a newcomer reads in one sitting (issue 20): a module, a class.
MAX_MODULE_LINES = 800
MAX_CLASS_LINES = 400


def size_problems(root: Path) -> list[str]:
    """Every module over MAX_MODULE_LINES lines and every class over MAX_CLASS_LINES, under root."""
    wrong = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MAX_MODULE_LINES:
            wrong.append(f"{path.relative_to(root)}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                size = node.end_lineno - node.lineno + 1
                if size > MAX_CLASS_LINES:
                    wrong.append(f"{path.relative_to(root)}: class {node.name}, {size} lines")
    return wrong


def test_no_module_is_a_book_and_no_class_a_chapter():
    assert size_problems(PACKAGE) == []


def test_the_size_check_sees_a_long_module_and_a_long_class(tmp_path):
    (tmp_path / "long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    body = "".join(f"    a{i} = {i}\n" for i in range(MAX_CLASS_LINES))
    (tmp_path / "big.py").write_text("class Big:\n" + body)
    assert size_problems(tmp_path) == ["big.py: class Big, 401 lines", "long.py: 801 lines"]
