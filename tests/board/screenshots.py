"""The board's screenshots in docs/screenshots/ (phone 390 px, desktop, TV), on the demo event:
``.venv/bin/python tests/board/screenshots.py`` (needs chromium and chromedriver)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))  # (optional_tools, which browser.py reads)

from browser import Browser  # noqa: E402

from rallydesk.board import Board  # noqa: E402
from rallydesk.demo import write_demo  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        event = write_demo(Path(tmp) / "demo.rallydesk")
        board = Board(str(event), "127.0.0.1", 0)
        board.start()
        browser = Browser(1280, 900)
        try:
            browser.viewport(1280, 900)
            browser.go(board.address + "s11-overall-CAR-CAR.html")
            time.sleep(0.5)
            browser.screenshot(OUT / "board-desktop.png")
            browser.viewport(390, 844)
            browser.go(board.address + "s11-stage-CAR-CAR.html")
            time.sleep(0.5)
            browser.screenshot(OUT / "board-phone.png")
            browser.viewport(1280, 720)
            browser.go(board.address + "s11-overall-CAR-T2.html?tv=1")
            time.sleep(0.5)
            browser.screenshot(OUT / "board-tv.png")
        finally:
            browser.close()
            board.stop()


if __name__ == "__main__":
    main()
