"""``@pytest.mark.posix(reason=...)``: a test that needs POSIX (SIGKILL or SIGINT sent to a
process, os.fork, os.geteuid/getuid and chown, fcntl, file modes, shell scripts standing for
programs, runuser). On Windows it is skipped with its reason; everywhere else it runs. The
marker is registered in pyproject.toml and applied by tests/conftest.py (one rule, here);
tests/test_markers.py finds the tests that use those calls and holds them to the marker.
"""

from __future__ import annotations

import os

import pytest


def posix_skip(item: pytest.Item, os_name: str = os.name) -> pytest.MarkDecorator | None:
    """The skip for ``item`` on this OS, or None when it runs (not marked, or POSIX here)."""
    mark = item.get_closest_marker("posix")
    if mark is None:
        return None
    reason = mark.kwargs.get("reason") or (mark.args[0] if mark.args else "")
    if not reason:
        raise pytest.UsageError(f'{item.nodeid}: @pytest.mark.posix needs reason="why"')
    if os_name == "posix":
        return None
    return pytest.mark.skip(reason=f"needs POSIX: {reason}")
