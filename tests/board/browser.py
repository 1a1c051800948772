"""Debian's chromium, headless, driven by its chromedriver over the W3C WebDriver protocol.

The protocol is JSON over HTTP: a few requests (new session, go to a URL, run a script, take a
screenshot) need no client library. Without chromium or chromedriver the browser tests are
skipped, unless ``CI`` is set: then they fail (``.ci/run`` installs both; optional_tools.py).
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import optional_tools

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _missing() -> str | None:
    for program in ("chromium", "chromedriver"):
        if shutil.which(program) is None:
            return program
    return None


class Browser:
    def __init__(self, width: int = 1280, height: int = 900) -> None:
        missing = _missing()
        if missing is not None:
            why = f"{missing} is not installed (apt-get install -y chromium chromium-driver)"
            optional_tools.missing("browser", why)
        self.port = _free_port()
        self.profile = tempfile.mkdtemp(prefix="rallydesk-chromium-")
        self.driver = subprocess.Popen(
            [shutil.which("chromedriver") or "chromedriver", f"--port={self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                self._call("GET", "/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": _chromium_binary(),
                        "args": [
                            *FLAGS,
                            f"--user-data-dir={self.profile}",
                            f"--window-size={width},{height}",
                        ],
                    },
                }
            }
        }
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())["value"]

    def _s(self, method: str, path: str, body: Any = None) -> Any:
        return self._call(method, f"/session/{self.session}{path}", body)

    def go(self, url: str) -> None:
        self._s("POST", "/url", {"url": url})

    def js(self, script: str, *args: Any) -> Any:
        return self._s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def size(self, width: int, height: int) -> None:
        self._s("POST", "/window/rect", {"width": width, "height": height})

    def viewport(self, width: int, height: int) -> None:
        """Make the page's own width ``width`` (the window adds its frame)."""
        self.size(width, height)
        inner = self.js("return [window.innerWidth, window.innerHeight]")
        self.size(width + (width - inner[0]), height + (height - inner[1]))

    def screenshot(self, out: Path) -> None:
        out.write_bytes(base64.b64decode(self._s("GET", "/screenshot")))

    def close(self) -> None:
        try:
            self._s("DELETE", "")
        except OSError:
            pass
        self.driver.terminate()
        self.driver.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def _chromium_binary() -> str:
    """Debian's ``chromium`` is a shell wrapper; the driver wants the program itself."""
    real = Path("/usr/lib/chromium/chromium")
    return str(real) if real.exists() else shutil.which("chromium") or "chromium"
