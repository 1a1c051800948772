"""Helpers of the packaging tests: packaging/versions.py as a module, a copy of the tree's
packaging facts with another version in its pyproject.toml (what the scripts must then say)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_versions():
    """packaging/versions.py (a script folder, not a package), under a name of its own."""
    name = "rallydesk_packaging_versions"
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / "versions.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # (dataclasses look their module up there)
    spec.loader.exec_module(module)
    return module


versions = load_versions()


def a_tree(tmp_path: Path, version: str) -> Path:
    """A copy of the tree's packaging facts with another version in pyproject.toml."""
    tree = tmp_path / "tree"
    (tree / "packaging").mkdir(parents=True)
    shutil.copy(ROOT / "packaging" / "versions.py", tree / "packaging")
    shutil.copy(ROOT / "LICENSE", tree)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    current = versions.read_pyproject(ROOT)["project"]["version"]
    assert f'\nversion = "{current}"\n' in text
    (tree / "pyproject.toml").write_text(
        text.replace(f'\nversion = "{current}"\n', f'\nversion = "{version}"\n'), encoding="utf-8"
    )
    return tree
