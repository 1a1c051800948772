"""Nothing POSIX-only at import time: RallyDesk has to start on the results office's Windows laptop.

Each check runs in a fresh interpreter where ``fcntl`` (and the other POSIX-only modules) cannot be
imported, as on Windows, and imports every module of the package.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

POSIX_ONLY = ("fcntl", "termios", "tty", "pty", "grp", "resource")

_SCRIPT = textwrap.dedent("""
    import importlib, pkgutil, sys
    {preload}
    for name in {blocked!r}:
        sys.modules[name] = None  # "import fcntl" now raises ImportError, as on Windows
    import rallydesk
    failed = []
    for mod in pkgutil.walk_packages(rallydesk.__path__, "rallydesk."):
        if mod.name.endswith("__main__"):  # runs the command line when imported
            continue
        try:
            importlib.import_module(mod.name)
        except ImportError as exc:
            failed.append(f"{{mod.name}}: {{exc}}")
    print("\\n".join(failed))
    sys.exit(1 if failed else 0)
""")


def _import_all(preload: str = "") -> subprocess.CompletedProcess:
    script = _SCRIPT.format(preload=preload, blocked=POSIX_ONLY)
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_every_module_imports_without_posix_modules():
    """The one-writer lock imports fcntl (or msvcrt) only when it takes a lock."""
    done = _import_all()
    assert done.returncode == 0, done.stdout + done.stderr
