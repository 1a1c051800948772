"""``rallydesk board EVENT --export DIR``: the board's pages as static files (no live updates)."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import RallyDeskError
from .feed import Feed
from .site import STATIC, static_file


def export_board(location: str, folder: str | Path) -> list[Path]:
    """Write every page, the published PDFs and the style and script into ``folder``."""
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise RallyDeskError(f"{out}: not a folder")
    if not out.parent.is_dir():
        raise RallyDeskError(f"{out}: folder {out.parent} does not exist")
    feed = Feed(location, live=False)
    feed.start()
    written: list[Path] = []
    try:
        (out / "static").mkdir(parents=True, exist_ok=True)
        (out / "pdf").mkdir(exist_ok=True)
        for name in STATIC:
            (out / "static" / name).write_bytes(static_file(name))
            written.append(out / "static" / name)
        for path in feed.paths():
            reply = feed.get("/" + path)
            if reply.status != 200:
                raise RallyDeskError(f"{path}: the board could not build it ({reply.status})")
            target = out / path
            target.write_bytes(reply.body)
            written.append(target)
    finally:
        feed.stop()
    return written
