"""One desk window per user: a second ``rallydesk open EVENT`` (or a double-click) hands the event over.

Two windows on one laptop would fight over the same event (the second one only gets it read-only)
and confuse a tired official.  The running window listens on a local socket (a named pipe on
Windows) whose name is per user and per data folder; a new process first tries to hand its path
over there, and only starts a window of its own when nobody answers.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ..domain.secrets import redact
from ..logs import log
from ..paths import data_dir, login_name

HANDOVER_TIMEOUT_MS = 3000


def server_name() -> str:
    """Per user and per data folder (so tests and a USB-stick desk do not meet the everyday one)."""
    override = os.environ.get("RALLYDESK_INSTANCE")
    if override:
        return override
    user = login_name()
    if user == "unknown":  # no user name in the environment (a service account)
        user = str(Path.home())
    digest = hashlib.sha256(f"{user}\0{data_dir()}".encode()).hexdigest()[:16]
    return f"rallydesk-{digest}"


def hand_over(
    path: str | None, name: str | None = None, timeout_ms: int = HANDOVER_TIMEOUT_MS
) -> bool:
    """Give ``path`` (None: just come to the front) to the running desk; False if none answers."""
    sock = QLocalSocket()
    sock.connectToServer(name or server_name())
    if not sock.waitForConnected(timeout_ms):
        return False
    from ..services import is_server_location

    where = path if not path or is_server_location(path) else str(Path(path).resolve())
    message = json.dumps({"open": where}) + "\n"
    sock.write(message.encode("utf-8"))
    sock.flush()  # (waitForBytesWritten would say False once flush has written everything)
    reply = b""
    while b"\n" not in reply and sock.waitForReadyRead(timeout_ms):
        reply += bytes(sock.readAll().data())
    sock.disconnectFromServer()
    return reply.startswith(b"ok")


class InstanceServer(QObject):
    """Listens for the paths later launches hand over; emits ``requested(path or None)``."""

    requested = Signal(object)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a socket file left by a desk that died (Unix) is cleared first."""
        if self.server.listen(self.name):
            return True
        # nobody answered hand_over before we got here, so what is left is stale
        QLocalServer.removeServer(self.name)
        ok = self.server.listen(self.name)
        if not ok:
            log.warning(
                "single instance: cannot listen on %s (%s)", self.name, self.server.errorString()
            )
        return ok

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while (sock := self.server.nextPendingConnection()) is not None:
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._drop(s))

    def _drop(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()

    def _read(self, sock: QLocalSocket) -> None:
        data = self._buffers.get(sock, b"") + bytes(sock.readAll().data())
        if b"\n" not in data:
            self._buffers[sock] = data[-65536:]
            return
        line = data.split(b"\n", 1)[0]
        try:
            path = json.loads(line.decode("utf-8")).get("open")
        except (ValueError, AttributeError):
            sock.write(b"bad\n")
            return
        sock.write(b"ok\n")
        sock.flush()
        log.info("handed over by a new launch: %s", redact(str(path or "(come to the front)")))
        # after this slot returns: opening may ask questions in dialogs
        QTimer.singleShot(0, lambda: self.requested.emit(path))
