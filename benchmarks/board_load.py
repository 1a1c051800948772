"""The results board under load (issue 27): 200 clients on the loopback following live updates
for 30 s while the desk keys, one result a second.

    .venv/bin/python -m benchmarks.board_load [CLIENTS] [SECONDS]   # or part of benchmarks/run.py

Each client does what the board's script does: it holds ``/events`` open and, on each change,
fetches its page again (one keep-alive connection). **Update latency**: from the desk's
``record_time`` returned to a client holding the page fetched after the change; p50 and p99 over
every client and every update. **The desk's own record_time** while the board serves them,
against its floor: the same record_time on the same event with no board, measured before and
after (interleaved phases, medians). The machine is shared: read the ratio, not the
milliseconds. Nothing is asserted (tests check the issue's "within a second").
"""

from __future__ import annotations

import http.client
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rallydesk.board import Board  # noqa: E402
from rallydesk.generate import write_generated  # noqa: E402
from rallydesk.services import Event  # noqa: E402


class Client(threading.Thread):
    def __init__(self, port: int, page: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.port, self.page, self.stop = port, page, stop
        self.updates: list[float] = []  # when the refreshed page was in hand (monotonic)
        self.connected = threading.Event()

    def run(self) -> None:
        stream = socket.create_connection(("127.0.0.1", self.port), timeout=60)
        stream.sendall(b"GET /events HTTP/1.1\r\nHost: board\r\n\r\n")
        pages = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        buffer = b""
        try:
            while not self.stop.is_set():
                chunk = stream.recv(65536)
                if not chunk:
                    return
                buffer += chunk
                self.connected.set()
                while b"\n\n" in buffer:
                    message, buffer = buffer.split(b"\n\n", 1)
                    if b"event: change" in message:
                        pages.request("GET", self.page)
                        pages.getresponse().read()
                        self.updates.append(time.monotonic())
        except OSError:
            pass
        finally:
            stream.close()
            pages.close()


def keyed(ev: Event, numbers: list[int], i: int) -> float:
    t0 = time.perf_counter()
    ev.record_time(
        stage=13, number=numbers[i % len(numbers)], elapsed=f"3:{i % 60:02d}:07", reason="benchmark"
    )
    return time.perf_counter() - t0


def measure(path: Path, clients: int, seconds: float) -> dict[str, float]:
    with Event.open(path) as ev:
        numbers = [e.number for e in ev.data.entries]
        category = ev.data.categories()[0].code
        floor = [keyed(ev, numbers, i) for i in range(15)]
        board = Board(str(path), "127.0.0.1", 0)
        board.start()
        stop = threading.Event()
        page = f"/s13-stage-{category}-{category}.html"
        port = board.server.server_address[1]
        crowd = [Client(port, page, stop) for _ in range(clients)]
        for c in crowd:
            c.start()
        for c in crowd:
            c.connected.wait(30)
        commits: list[float] = []
        with_board: list[float] = []
        end = time.monotonic() + seconds
        i = 100
        while time.monotonic() < end:
            with_board.append(keyed(ev, numbers, i))
            commits.append(time.monotonic())
            i += 1
            time.sleep(max(0.0, 1.0 - with_board[-1]))
        time.sleep(1.5)  # the last update reaches everyone
        stop.set()
        board.stop()
        floor += [keyed(ev, numbers, i + k) for k in range(15)]
    latencies = []
    for c in crowd:
        for t in c.updates:
            before = [k for k in commits if k <= t]
            if before:
                latencies.append(t - before[-1])
    latencies.sort()
    expected = clients * len(commits)
    return {
        "clients": clients,
        "updates": len(commits),
        "delivered": len(latencies) / expected if expected else 0.0,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else float("nan"),
        "record_ms": 1000 * statistics.median(with_board),
        "floor_ms": 1000 * statistics.median(floor),
    }


def run(clients: int, seconds: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "board.rallydesk"
        write_generated(path, 800, 14, 1)
        return measure(path, clients, seconds)


def main() -> int:
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
    r = run(clients, seconds)
    print(
        f"board: {r['clients']:.0f} clients, {r['updates']:.0f} updates, "
        f"{100 * r['delivered']:.0f} % delivered; update latency p50 {r['p50_ms']:.0f} ms, "
        f"p99 {r['p99_ms']:.0f} ms; record_time {r['record_ms']:.2f} ms with the board vs "
        f"{r['floor_ms']:.2f} ms without ({r['record_ms'] / r['floor_ms']:.2f}×)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
