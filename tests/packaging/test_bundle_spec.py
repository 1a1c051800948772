"""The bundle leaves out the Qt modules RallyDesk does not use (packaging/rallydesk.spec): a Qt
module the package imports, even lazily inside a function, must never be on that list, or the
installed desk fails where the source tree works (printing a sheet, a publication's preview)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def excluded_qt_modules() -> set[str]:
    spec = (ROOT / "packaging" / "rallydesk.spec").read_text(encoding="utf-8")
    found = re.search(r"QT_UNUSED = \[(.*?)\]", spec, re.S)
    assert found, "QT_UNUSED not found in packaging/rallydesk.spec"
    return set(ast.literal_eval(f"[{found.group(1)}]"))


def imported_qt_modules() -> dict[str, str]:
    """Each PySide6 module the package imports, and one file that does."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "rallydesk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "PySide6" and len(parts) > 1:
                    found.setdefault(parts[1], str(path.relative_to(ROOT)))
    return found


def test_no_qt_module_the_package_imports_is_left_out_of_the_bundle():
    imported = imported_qt_modules()
    assert {"QtCore", "QtGui", "QtWidgets"} <= set(imported)  # the scan sees the imports
    wrong = {m: f for m, f in imported.items() if m in excluded_qt_modules()}
    assert not wrong, f"imported but left out of the bundle: {wrong}"
