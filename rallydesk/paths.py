"""Where RallyDesk keeps its own files (demo event, crash log), per user."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    base = os.environ.get("RALLYDESK_DATA") or os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    path = Path(base) / "rallydesk" if "RALLYDESK_DATA" not in os.environ else Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources"
