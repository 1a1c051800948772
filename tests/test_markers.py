"""The test markers (issue 28): every marker a test uses is registered in pyproject.toml (and
``--strict-markers`` makes an unregistered one an error), and every test that calls what only
POSIX has is marked ``posix`` so that the Windows runner skips it with its reason instead of
failing (tests/platform_marks.py).

The POSIX scan reads each test module: a test function that uses one of the calls below, itself
or through a helper or fixture defined in the same module, must be marked (by decorator or by
the module's ``pytestmark``). It cannot see calls hidden in another module's helpers (the crash
harnesses are run as programs: their tests are marked by hand).
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
from platform_marks import posix_skip

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"

BUILTIN = {"parametrize", "skip", "skipif", "xfail", "usefixtures", "filterwarnings"}

#: what Windows lacks or does otherwise
POSIX_ONLY = re.compile(
    r"signal\.SIG(?:KILL|INT)\b|SIGTERM|os\.fork\b|os\.geteuid|os\.getuid|os\.getgid|os\.chown"
    r"|os\.killpg|\bfcntl\b|\brunuser\b|su postgres|import pwd|\bst_mode\b|\.chmod\(|#!/bin/sh"
)

#: tests that only name those calls in a string, and run everywhere
NOT_POSIX = {
    # imports the package with fcntl and the other POSIX modules blocked: Windows, simulated
    "tests/packaging/test_portable.py::test_every_module_imports_without_posix_modules",
    # the scan's own sample, written to a file
    "tests/test_markers.py::test_the_scan_sees_a_kill_behind_a_helper",
}


def _registered(pytestconfig) -> set[str]:
    return {line.split(":")[0].split("(")[0].strip() for line in pytestconfig.getini("markers")}


def test_strict_markers_is_on():
    ini = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "--strict-markers" in ini["tool"]["pytest"]["ini_options"]["addopts"].split()


def test_every_marker_the_tests_use_is_registered(pytestconfig):
    known = _registered(pytestconfig) | BUILTIN
    used: dict[str, str] = {}
    for path in sorted(TESTS.rglob("*.py")):
        for name in re.findall(r"pytest\.mark\.(\w+)", path.read_text(encoding="utf-8")):
            used.setdefault(name, str(path.relative_to(ROOT)))
    assert {"posix", "network", "crash"} <= set(used)
    unknown = {n: f for n, f in used.items() if n not in known}
    assert not unknown, f"markers used but not registered in pyproject.toml: {unknown}"


def _marked_posix(node: ast.AST, src: str) -> bool:
    decorators = getattr(node, "decorator_list", [])
    return any("mark.posix" in (ast.get_source_segment(src, d) or "") for d in decorators)


def unmarked_posix_tests(path: Path, root: Path = ROOT) -> list[str]:
    """The tests of ``path`` that reach a POSIX-only call and are not marked ``posix``."""
    src = path.read_text(encoding="utf-8")
    tree = ast.parse(src)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            if "mark.posix" in (ast.get_source_segment(src, node) or ""):
                return []
    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}

    def uses(node: ast.AST) -> set[str]:
        names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        if isinstance(node, ast.FunctionDef):
            names |= {a.arg for a in node.args.args}  # fixtures defined in this module
        return names & set(defs)

    hits = {
        name
        for name, node in defs.items()
        if POSIX_ONLY.search(ast.get_source_segment(src, node) or "")
    }
    grew = True
    while grew:  # a helper that calls a helper that kills a process
        more = {name for name, node in defs.items() if uses(node) & hits} - hits
        hits |= more
        grew = bool(more)
    return sorted(
        f"{path.relative_to(root)}::{name}"
        for name in hits
        if name.startswith("test_") and not _marked_posix(defs[name], src)
    )


def test_every_test_that_needs_posix_is_marked():
    found = [t for p in sorted(TESTS.rglob("test_*.py")) for t in unmarked_posix_tests(p)]
    found = [t for t in found if t not in NOT_POSIX]
    assert not found, "needs @pytest.mark.posix(reason=...):\n" + "\n".join(found)


def test_the_scan_sees_a_kill_behind_a_helper(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "import os, signal\n"
        "def _stop(p):\n    os.kill(p, signal.SIGKILL)\n"
        "def test_one():\n    _stop(1)\n"
        "@pytest.mark.posix(reason='kill')\ndef test_two():\n    _stop(2)\n"
        "def test_three():\n    pass\n",
        encoding="utf-8",
    )
    assert unmarked_posix_tests(sample, root=tmp_path) == ["test_sample.py::test_one"]


class _Item(SimpleNamespace):
    def get_closest_marker(self, name: str):
        return self.mark if name == "posix" else None


def test_a_posix_test_is_skipped_on_windows_with_its_reason_and_runs_elsewhere():
    item = _Item(nodeid="t::x", mark=pytest.mark.posix(reason="SIGKILL of a desk").mark)
    skip = posix_skip(item, os_name="nt")
    assert skip is not None and skip.kwargs["reason"] == "needs POSIX: SIGKILL of a desk"
    assert posix_skip(item, os_name="posix") is None
    assert posix_skip(_Item(nodeid="t::y", mark=None), os_name="nt") is None


def test_a_posix_mark_without_a_reason_is_refused():
    item = _Item(nodeid="t::x", mark=pytest.mark.posix.mark)
    with pytest.raises(pytest.UsageError, match="needs reason="):
        posix_skip(item, os_name="nt")
