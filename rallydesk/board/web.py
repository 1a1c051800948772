"""The board's web server: the standard library's ``ThreadingHTTPServer``, read-only.

No web framework: a board answers GET and HEAD for a few dozen pages and one event stream, on
the local network, from a laptop that also runs the desk; ``http.server`` does that with no
dependency to ship or keep up to date, a thread per client (an ``/events`` stream is a thread
waiting on a queue). What the standard library leaves open is closed here: the request line
and the headers are bounded (414/431), a request with a body is refused (413), every method but
GET and HEAD gets 405 (there is no write route at all), every reply says nosniff and a
Content-Security-Policy allowing only the board's own files.
"""

from __future__ import annotations

import logging
import queue
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .feed import Feed

if TYPE_CHECKING:
    from ..services import Event

log = logging.getLogger(__name__)

MAX_REQUEST_LINE = 2048
MAX_HEADERS = 40
#: seconds between two keep-alive comments on an idle event stream
HEARTBEAT = 15.0
SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
}


class _Handler(BaseHTTPRequestHandler):
    server_version = "RallyDesk-board"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    feed: Feed  # set on the subclass the server makes

    def handle_one_request(self) -> None:
        try:
            self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
            if len(self.raw_requestline) > MAX_REQUEST_LINE:
                self.requestline = self.request_version = self.command = ""
                self.send_error(414)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            if len(self.headers) > MAX_HEADERS:
                self.send_error(431)
                return
            if self.command not in ("GET", "HEAD"):
                self._refuse_method()
                return
            if int(self.headers.get("Content-Length") or 0) > 0 or self.headers.get(
                "Transfer-Encoding"
            ):
                self.send_error(413, "a board request has no body")
                self.close_connection = True
                return
            self._answer(self.command == "HEAD")
            self.wfile.flush()
        except (TimeoutError, ConnectionError, ValueError):
            self.close_connection = True

    def _refuse_method(self) -> None:
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.close_connection = True

    def _answer(self, head_only: bool) -> None:
        url = urlsplit(self.path)
        if url.path == "/events":
            self._stream()
            return
        try:
            reply = self.feed.get(url.path, url.query)
        except Exception:
            log.exception("board: %s failed", self.path)
            self.send_error(503)
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-cache")
        for k, v in SECURITY.items():
            self.send_header(k, v)
        self.end_headers()
        if not head_only:
            self.wfile.write(reply.body)

    def _stream(self) -> None:
        """Server-sent events: ``change`` with the new data version, each time it changes."""
        q = self.feed.subscribe()
        if q is None:
            self.send_error(503, "too many clients")
            return
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            for k, v in SECURITY.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(f"retry: 1000\ndata: {self.feed.version}\n\n".encode())
            self.wfile.flush()
            while True:
                try:
                    version = q.get(timeout=HEARTBEAT)
                except queue.Empty:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                    continue
                if version < 0:
                    break
                self.wfile.write(f"event: change\ndata: {version}\n\n".encode())
                self.wfile.flush()
        except (ConnectionError, TimeoutError, OSError):
            pass
        finally:
            self.feed.unsubscribe(q)
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("board %s: " + format, self.address_string(), *args)


class BoardServer(ThreadingHTTPServer):
    daemon_threads = True
    # a board restarted at once takes its port again
    allow_reuse_address = True
    request_queue_size = 256


class BoardServer6(BoardServer):
    address_family = socket.AF_INET6


class Board:
    """A running board: the event's feed and its web server, on ``host:port`` (0: any free);
    ``opener``: how the feed opens the event (the desk's reader of its own event), else
    ``location`` opened read-only."""

    def __init__(
        self,
        location: str,
        host: str = "127.0.0.1",
        port: int = 8080,
        opener: Callable[[], Event] | None = None,
    ) -> None:
        self.feed = Feed(location, opener=opener)
        self.feed.start()
        handler = type("Handler", (_Handler,), {"feed": self.feed})
        # an IPv6 address ("::1", "::" for every network) needs a server of that family
        server_class: type[BoardServer] = BoardServer6 if ":" in host else BoardServer
        try:
            self.server = server_class((host.strip("[]"), port), handler)
        except OSError:
            self.feed.stop()
            raise
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def start(self) -> None:
        """Serve in a thread of its own."""
        self._thread = threading.Thread(
            target=self.server.serve_forever, name="rallydesk-board-web", daemon=True
        )
        self._thread.start()

    def serve_forever(self) -> None:
        self.server.serve_forever()

    def stop(self) -> None:
        self.feed.stop()
        self.server.shutdown()
        self.server.server_close()
        if self._thread is not None:
            self._thread.join(5)
