"""One desk window per user: a second ``rallydesk open EVENT`` (or a double-click) hands the event over.

Two windows on one laptop would fight over the same event (the second one only gets it read-only)
and confuse a tired official.  The running window listens on a local socket (a named pipe on
Windows) whose name is per user and per data folder; a new process first tries to hand its path
over there, and only starts a window of its own when nobody answers.

Nobody else can answer in its place: on POSIX the socket lives in a folder private to the user
($XDG_RUNTIME_DIR/rallydesk, else a 0700 ``rallydesk-UID`` folder in the temporary folder), used
only when it is the user's own, not a link and closed to others; the client hands over only to a
socket its user owns, whose listening process (the kernel says, on Linux) runs as that user,
and that acknowledges the path. Otherwise the new process opens a window of its own. On Windows
the pipe is open to its user only (``UserAccessOption``).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ..domain.secrets import redact
from ..logs import log
from ..paths import data_dir, login_name

HANDOVER_TIMEOUT_MS = 3000


class NotPrivate(Exception):
    """The folder the socket would live in is not the user's alone (said in the log)."""


def _runtime_base() -> Path:
    """$XDG_RUNTIME_DIR when it is the user's own and private (the systemd user runtime folder),
    else the temporary folder (whose own ``rallydesk-UID`` folder is checked as private)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        try:
            st = os.lstat(runtime)
            if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077:
                return Path(runtime)
        except OSError:
            pass
    return Path(tempfile.gettempdir())


def private_dir() -> Path:
    """The user's own folder for the socket: made 0700 if missing; refused (NotPrivate) when it
    is a link, another user's, or open to others, since whoever can write there could answer
    in the desk's place."""
    base = _runtime_base()
    folder = base / (
        "rallydesk" if base != Path(tempfile.gettempdir()) else f"rallydesk-{os.getuid()}"
    )
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise NotPrivate(f"{folder}: cannot be made ({exc.strerror})") from None
    st = os.lstat(folder)
    if not stat.S_ISDIR(st.st_mode) or stat.S_ISLNK(st.st_mode):
        raise NotPrivate(f"{folder}: is not a folder")
    if st.st_uid != os.getuid():
        raise NotPrivate(f"{folder}: belongs to another user (uid {st.st_uid})")
    if st.st_mode & 0o077:  # the user's own, left open: closed now (a socket in it is checked)
        try:
            os.chmod(folder, 0o700)
        except OSError as exc:
            raise NotPrivate(f"{folder}: cannot be made private ({exc.strerror})") from None
    return folder


def socket_path(name: str) -> str:
    """Where the socket called ``name`` is: in the private folder on POSIX (a name that is
    already a path is kept as given); the pipe's name itself on Windows."""
    if sys.platform == "win32" or os.path.isabs(name):
        return name
    return str(private_dir() / name)


def server_name() -> str:
    """Per user and per data folder (so tests and a USB-stick desk do not meet the everyday one):
    the socket's path in the user's private folder (POSIX), or the pipe's name (Windows)."""
    override = os.environ.get("RALLYDESK_INSTANCE")
    if override:
        return socket_path(override)
    user = login_name()
    if user == "unknown":  # no user name in the environment (a service account)
        user = str(Path.home())
    digest = hashlib.sha256(f"{user}\0{data_dir()}".encode()).hexdigest()[:16]
    return socket_path(f"rallydesk-{digest}")


def _own_socket(path: str) -> str | None:
    """Why the socket at ``path`` is not to be trusted (None: it is this user's)."""
    if sys.platform == "win32":
        return None
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return "nobody listens"
    except OSError as exc:
        return exc.strerror
    if not stat.S_ISSOCK(st.st_mode):
        return "not a socket"
    if st.st_uid != os.getuid():
        return f"the socket belongs to another user (uid {st.st_uid})"
    return None


def _peer_uid(sock: QLocalSocket) -> int | None:
    """The user the listening process runs as, as the kernel says (Linux); None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    fd = int(sock.socketDescriptor())
    if fd < 0:
        return None
    import socket as sockets
    import struct

    peer = sockets.socket(fileno=os.dup(fd))
    try:
        creds = peer.getsockopt(sockets.SOL_SOCKET, sockets.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return None
    finally:
        peer.close()
    return int(struct.unpack("3i", creds)[1])


def hand_over(
    path: str | None, name: str | None = None, timeout_ms: int = HANDOVER_TIMEOUT_MS
) -> bool:
    """Give ``path`` (None: just come to the front) to the running desk; False if none of this
    user's answers (then the caller opens a window of its own)."""
    try:
        where_socket = socket_path(name) if name else server_name()
    except NotPrivate as exc:
        log.warning("single instance: %s; this launch opens its own window", exc)
        return False
    why = _own_socket(where_socket)
    if why is not None:
        if why != "nobody listens":
            log.warning("single instance: %s: %s; not handed over", where_socket, why)
        return False
    sock = QLocalSocket()
    sock.connectToServer(where_socket)
    if not sock.waitForConnected(timeout_ms):
        return False
    peer = _peer_uid(sock)
    if peer is not None and peer != os.getuid():
        log.warning(
            "single instance: %s is answered by another user (uid %d); not handed over",
            where_socket,
            peer,
        )
        sock.abort()
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
        try:
            self.name = socket_path(name) if name else server_name()
            self.refused: str | None = None
        except NotPrivate as exc:  # the desk runs all the same, as its own window
            self.name, self.refused = name or "rallydesk", str(exc)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a socket file left by a desk that died (Unix) is cleared first.
        False, and said in the log, where the socket's folder is not the user's alone."""
        if self.refused is not None:
            log.warning("single instance: %s; not listening for other launches", self.refused)
            return False
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
