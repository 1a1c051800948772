"""GUI to GUI on a server (issue 23): desk A's official keys a result, desk B's window shows it.

    .venv/bin/python -m benchmarks.gui_to_gui [SAMPLES]    # or as part of benchmarks/run.py
    RALLYDESK_BENCH_PROFILE_B=b.txt .venv/bin/python -m benchmarks.gui_to_gui   # + B's profile

Two desks, each a real ``MainWindow`` in a process of its own (offscreen), on one event of a
durable throw-away server (fsync and synchronous commit on, as in ``benchmarks/server.py``):

- desk A's official keys number, Enter, time, Enter — ``QTest`` keystrokes into the focused
  keying field, a fresh result on a stage being run (every Enter adds a row, as results come in
  during a stage, so no replacement dialog is asked);
- desk B idles in its event loop (``app.exec()``) with its first view on that stage and the
  keyed crews' category, as a desk watching the stage does.

Measured from A's Enter (the moment its key event is sent) to B's stage-classification model
showing the new row (its ``rowsInserted``/``dataChanged``/``layoutChanged``/``modelReset``,
checked for the number). Both processes stamp with ``time.monotonic()``: CLOCK_MONOTONIC is one
clock for the whole system on Linux (and on macOS/Windows the monotonic clock is system-wide
too), so A's and B's stamps compare directly. The parts, so a slow one can be found:

1. A's Enter → committed: A's store ``put_time`` returned (the server's COMMIT acknowledged);
2. committed → B notified: B's listening thread got the server's notice (``NOTIFY`` is sent at
   COMMIT, so it may even arrive before A hears its COMMIT acknowledged: negative then);
3. B notified → B woken: B's window thread starts ``poll_external`` (the queued signal);
4. B woken → model updated: B's catch-up (one query) and the notice through its views; beside
   it the CPU time of B's window thread from the look to the row shown (``time.thread_time``):
   when the wall time grows and the CPU time does not, B waited for a core (a busy machine),
   it did not work more.

After the row shows, B's look goes on (its other views refresh, a view whose widest text grew
sizes its columns again) before the window can paint: reported apart, as "row shown → look
done" (the paint itself is ``benchmarks/gui_update.py``'s business).

With ``RALLYDESK_BENCH_PROFILE_B=FILE`` desk B runs every look under ``cProfile`` and writes the
40 costliest calls by cumulative time to FILE (and FILE.prof for ``pstats``) at the end: where
B's wake-up path spends its time (the profiler slows it: its numbers are not the benchmark's).

A warm-up of a few keyings is not counted (the first rows of an empty stage reset the model and
size its columns). Nothing here is asserted: the numbers are reported (tests assert only the
issue's "within a second" elsewhere).

The desks talk to this process through their stdin/stdout, one JSON object a line, prefixed with
``@@`` (anything else a desk prints is passed over); a desk reads its stdin from its event loop
(a ``QSocketNotifier``), so it is idle there, not blocked in a read, between two keyings.
"""

from __future__ import annotations

import cProfile
import dataclasses
import json
import os
import pstats
import random
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # pg_server.py: the tests' throw-away PostgreSQL server

#: how the desks' protocol lines start (a desk's other output is ignored)
MARK = "@@ "
#: keyings not counted at the start (empty stage: model reset, columns sized)
WARM_UP = 5
#: how long one keying may take to reach B before the sample counts as lost
LOST_AFTER_S = 10.0
#: a file name here: desk B profiles its wake-up path (every poll_external) and writes the
#: cumulative statistics there (and FILE.prof for pstats/snakeviz) at the end
PROFILE_ENV = "RALLYDESK_BENCH_PROFILE_B"
#: the idle time between two keyings: B (and A) wait in their event loops meanwhile
IDLE_S = (0.02, 0.2)


# ------------------------------------------------------------------ the event


@dataclasses.dataclass(frozen=True)
class Plan:
    """What A keys: the stage being run, the category B watches, (number, time) per keying."""

    stage: int
    group: str
    keyings: list[tuple[int, str]]


def prepare(url: str) -> Plan:
    """A stage being run on the server event: a copy of its last stage (same length, so the
    times keyed are plausible) with no results yet. The crews keyed are those of its largest
    category that finished the last stage; each is keyed with that stage's time."""
    from rallydesk.services import Event

    with Event.open(url) as ev:
        data = ev.data
        last = max(data.stages, key=lambda s: s.number)
        new = dataclasses.replace(last, number=last.number + 1, name="Benchmark stage (running)")
        ev.put_stage(new, reason="benchmark")
        data = ev.data
        by_category: dict[str, list[tuple[int, str]]] = {}
        for e in data.entries:
            t = data.time_of(last.number, e.number)
            if t is None or t.status != "OK" or t.elapsed_ms is None:
                continue
            s = t.elapsed_ms // 1000
            text = f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
            by_category.setdefault(data.category_of_class(e.class_code), []).append(
                (e.number, text)
            )
    group, keyings = max(by_category.items(), key=lambda kv: len(kv[1]))
    random.Random(23).shuffle(keyings)
    return Plan(new.number, group, keyings)


# ------------------------------------------------------------------ the desks (child processes)


def _say(**message: Any) -> None:
    sys.stdout.write(MARK + json.dumps(message) + "\n")
    sys.stdout.flush()


def _commands(on_command: Any) -> Any:
    """A notifier on stdin calling ``on_command(dict)`` for each line, from the event loop."""
    from PySide6.QtCore import QSocketNotifier

    buffer = bytearray()
    notifier = QSocketNotifier(0, QSocketNotifier.Type.Read)

    def readable() -> None:
        chunk = os.read(0, 65536)
        if not chunk:  # the benchmark went away: so does the desk
            on_command({"do": "quit"})
            return
        buffer.extend(chunk)
        while b"\n" in buffer:
            line, _, rest = bytes(buffer).partition(b"\n")
            buffer[:] = rest
            on_command(json.loads(line))

    notifier.activated.connect(readable)
    return notifier


def _open_window(url: str) -> Any:
    from PySide6.QtWidgets import QApplication

    from rallydesk.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    w = MainWindow()
    w.resize(1400, 850)
    if not w.open_path(url, quiet=True):
        _say(error="the desk could not open the event")
        raise SystemExit(1)
    w.show()
    w.activateWindow()
    listener = w.rally_event.store.listener
    if listener is None or not listener.wait_listening(20):
        _say(error="the desk does not listen to the server")
        raise SystemExit(1)
    app.processEvents()
    return app, w


def desk_b(url: str, stage: int, group: str) -> int:
    """The watching desk: its first view on ``stage``, ``group``; says when a crew's row shows."""
    from PySide6.QtCore import QTimer

    app, w = _open_window(url)
    view = w.desk.views[0]
    view.set_selection(stage, False, group)
    app.processEvents()
    if view.selection() != (stage, False, group):
        _say(error=f"desk B's view shows {view.selection()}, not {(stage, False, group)}")
        return 1
    model = view.model
    event = w.rally_event
    heard: list[float] = []  # when the listening thread got each notice
    looks: list[float] = []  # when the window's thread began each poll_external
    cpu: list[float] = []  # the window thread's CPU clock when each poll_external began
    ends: list[float] = []  # when each poll_external returned (every view refreshed)
    profile = cProfile.Profile() if os.environ.get(PROFILE_ENV) else None
    listener = event.store.listener
    on_notice = listener._on_notice  # (the listener's callback: wrapped to stamp it)

    def stamped_notice(journal_id: int | None) -> None:
        heard.append(time.monotonic())
        on_notice(journal_id)

    listener._on_notice = stamped_notice
    poll = event.poll_external

    def stamped_poll() -> bool:
        looks.append(time.monotonic())
        cpu.append(time.thread_time())
        try:
            if profile is None:
                return poll()
            profile.enable()
            try:
                return poll()
            finally:
                profile.disable()
        finally:
            ends.append(time.monotonic())

    event.poll_external = stamped_poll  # (the follower looks it up at each call)
    expected: dict[str, Any] = {}
    lost = QTimer()
    lost.setSingleShot(True)

    def check(*_args: object) -> None:
        number = expected.get("number")
        if number is None or model.row_of(number) is None:
            return
        shown, shown_cpu = time.monotonic(), time.thread_time()
        expected.clear()
        lost.stop()

        def say() -> None:  # once the look returned: when B's window thread was free again
            _say(
                shown=shown,
                heard=list(heard),
                looks=list(looks),
                cpu=shown_cpu - cpu[-1] if cpu else None,  # the look's CPU until the row showed
                free=next((t for t in ends if t >= shown), None),
            )

        QTimer.singleShot(0, say)

    def give_up() -> None:
        if expected:
            expected.clear()
            _say(lost=True, heard=list(heard), looks=list(looks))

    lost.timeout.connect(give_up)
    for signal in (model.rowsInserted, model.dataChanged, model.layoutChanged, model.modelReset):
        signal.connect(check)

    def command(c: dict[str, Any]) -> None:
        if c["do"] == "expect":
            del heard[:], looks[:], cpu[:], ends[:]
            if model.row_of(c["number"]) is not None:
                _say(error=f"#{c['number']} is already on desk B's stage {stage}")
                return
            expected["number"] = c["number"]
            lost.start(int(LOST_AFTER_S * 1000))
            _say(armed=c["number"])
        elif c["do"] == "quit":
            if profile is not None:  # B's wake-up path, by cumulative time (PROFILE_ENV)
                out = Path(os.environ[PROFILE_ENV])
                profile.dump_stats(out.with_suffix(".prof"))
                with out.open("w") as f:
                    pstats.Stats(profile, stream=f).sort_stats("cumulative").print_stats(40)
            w.close_event()
            w.close()
            app.quit()

    notifier = _commands(command)
    _say(ready="B", rows=model.rowCount())
    app.exec()
    del notifier
    return 0


def desk_a(url: str, stage: int) -> int:
    """The keying desk: its official keys each result sent, into the focused field."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    app, w = _open_window(url)
    entry = w.desk.entry
    entry.set_stage(stage)
    entry.number.setFocus()
    app.processEvents()
    store = w.rally_event.store
    committed: list[float] = []  # when the store's put_time returned: the COMMIT acknowledged
    put_time = store.put_time

    def stamped_put_time(*args: Any, **kwargs: Any) -> Any:
        done = put_time(*args, **kwargs)
        committed.append(time.monotonic())
        return done

    store.put_time = stamped_put_time  # (the services look it up at each write)

    def focused(expected: object, name: str) -> Any:
        field = app.focusWidget()
        if field is not expected:
            _say(error=f"the focus is on {field!r}, not on the {name} field")
            return None
        return field

    def command(c: dict[str, Any]) -> None:
        if c["do"] == "key":
            field = focused(entry.number, "number")
            if field is None:
                return
            QTest.keyClicks(field, str(c["number"]))
            QTest.keyClick(field, Qt.Key.Key_Return)
            field = focused(entry.time, "time")
            if field is None:
                return
            QTest.keyClicks(field, c["time"])
            del committed[:]
            enter = time.monotonic()
            QTest.keyClick(field, Qt.Key.Key_Return)
            done = time.monotonic()
            if not committed:
                _say(error=f"#{c['number']} not recorded: {entry.message.text()}")
                return
            _say(enter=enter, committed=committed[0], done=done)
        elif c["do"] == "quit":
            w.close_event()
            w.close()
            app.quit()

    notifier = _commands(command)
    _say(ready="A")
    app.exec()
    del notifier
    return 0


# ------------------------------------------------------------------ the benchmark (this process)


class Desk:
    """One desk process, spoken to by line."""

    def __init__(self, name: str, args: list[str], folder: Path) -> None:
        data = folder / f"desk-{name}"
        data.mkdir()
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            RALLYDESK_DESK=f"benchmark desk {name}",
            RALLYDESK_DATA=str(data),  # its own settings, outbox and log, as on its own computer
            PYTHONPATH=str(ROOT),
        )
        self.name = name
        self.log = (folder / f"desk-{name}.log").open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.gui_to_gui", "--desk", name.lower(), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            cwd=ROOT,
            env=env,
        )
        self._buffer = b""

    def send(self, **command: Any) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(command) + "\n").encode())
        self.proc.stdin.flush()

    def receive(self, timeout: float) -> dict[str, Any]:
        """The desk's next message; RuntimeError when it says an error, dies or is silent."""
        assert self.proc.stdout is not None
        end = time.monotonic() + timeout
        while True:
            while b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                text = line.decode(errors="replace")
                if text.startswith(MARK):
                    message: dict[str, Any] = json.loads(text[len(MARK) :])
                    if "error" in message:
                        raise RuntimeError(f"desk {self.name}: {message['error']}")
                    return message
            left = end - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"desk {self.name} said nothing for {timeout:.0f} s")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise RuntimeError(
                        f"desk {self.name} ended (exit {self.proc.wait()}); see its log"
                    )
                self._buffer += chunk

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send(do="quit")
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        self.log.close()


@dataclasses.dataclass
class Sample:
    """One keying's stamps (time.monotonic, seconds)."""

    enter: float
    committed: float
    a_done: float
    shown: float
    heard: float | None  # B's listening thread got the notice (the last before it showed)
    woken: float | None  # B's window thread began to look (the last before it showed)
    b_cpu: float | None  # the CPU seconds of B's window thread in that look, until it showed
    b_free: float | None  # that look returned: every view of B refreshed, the paint may begin


def measure(url: str, samples: int, folder: Path) -> tuple[list[Sample], int, Plan]:
    """``samples`` keyings from desk A to desk B (after :data:`WARM_UP`): the samples, how many
    were lost (not seen by B within :data:`LOST_AFTER_S`), and the plan keyed."""
    plan = prepare(url)
    wanted = min(samples + WARM_UP, len(plan.keyings))
    b = Desk("B", [url, str(plan.stage), plan.group], folder)
    a = Desk("A", [url, str(plan.stage)], folder)
    out: list[Sample] = []
    lost = 0
    rnd = random.Random(5)
    try:
        b.receive(120)
        a.receive(120)
        for i, (number, text) in enumerate(plan.keyings[:wanted]):
            b.send(do="expect", number=number)
            b.receive(30)
            time.sleep(rnd.uniform(*IDLE_S))  # both desks idle in their event loops
            a.send(do="key", number=number, time=text)
            keyed = a.receive(30)
            seen = b.receive(LOST_AFTER_S + 30)
            if i < WARM_UP:
                continue
            if seen.get("lost"):
                lost += 1
                continue
            before = [t for t in seen["heard"] if t <= seen["shown"]]
            looks = [t for t in seen["looks"] if t <= seen["shown"]]
            out.append(
                Sample(
                    keyed["enter"],
                    keyed["committed"],
                    keyed["done"],
                    seen["shown"],
                    before[-1] if before else None,
                    looks[-1] if looks else None,
                    seen.get("cpu"),
                    seen.get("free"),
                )
            )
    finally:
        a.stop()
        b.stop()
    return out, lost, plan


def percentiles(values: list[float]) -> tuple[float, float]:
    """(median, 99th percentile) in ms of values in seconds."""
    from benchmarks.server import percentiles as p

    return p(values)


def parts(samples: list[Sample]) -> list[tuple[str, tuple[float, float], int]]:
    """Each part of the way: its label, (median, p99) in ms, and over how many samples."""
    whole = [s.shown - s.enter for s in samples]
    commit = [s.committed - s.enter for s in samples]
    notified = [s.heard - s.committed for s in samples if s.heard is not None]
    woken = [
        s.woken - s.heard
        for s in samples
        if s.heard is not None and s.woken is not None and s.woken >= s.heard
    ]
    updated = [s.shown - s.woken for s in samples if s.woken is not None]
    b_cpu = [s.b_cpu for s in samples if s.b_cpu is not None]
    b_free = [s.b_free - s.shown for s in samples if s.b_free is not None]
    a_done = [s.a_done - s.enter for s in samples]
    rows = [
        ("whole", whole),
        ("A's Enter → committed (A's put_time returned)", commit),
        ("committed → B notified (B's listening thread)", notified),
        ("B notified → B woken (its window thread looks)", woken),
        ("B woken → B's stage model shows the row", updated),
        ("  of which CPU of B's window thread (look → row shown)", b_cpu),
        ("B's row shown → B's look done (its other views, column widths)", b_free),
        ("A's Enter handled in full (A's own views updated)", a_done),
    ]
    return [(label, percentiles(v), len(v)) for label, v in rows if v]


def load() -> str:
    """The machine's load averages (1, 5, 15 min), said beside the numbers."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def run(server: Any, samples: int, report: Any) -> None:
    """Measure on a new event of ``server`` and give each line to ``report(what, value, target,
    verdict)``."""
    from benchmarks.server import new_event

    url = new_event(server)
    at_start = load()
    with tempfile.TemporaryDirectory(prefix="rallydesk-gui2gui-") as d:
        try:
            got, lost, plan = measure(url, samples, Path(d))
        except RuntimeError as exc:
            report("GUI to GUI: A's Enter → B's stage model", "failed", "", f"NOT MEASURED ({exc})")
            return
    rows = parts(got)
    (label, (med, p99), n) = rows[0]
    report(
        f"GUI to GUI: A's Enter → B's stage model shows the row ({n} keyings, 2 windows)",
        f"{med:.1f} ms, p99 {p99:.1f} ms",
        "p99 < 250 ms (issue 23)",
        ("met" if p99 < 250 else "MISSED") + (f", {lost} lost" if lost else ""),
    )
    for label, (med, p99), n in rows[1:]:
        report(f"    {label}", f"{med:.1f} ms, p99 {p99:.1f} ms", f"{n} samples", "")
    report("    machine load (start → end)", f"{at_start} → {load()}", "reported", "")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--desk":
        who, rest = sys.argv[2], sys.argv[3:]
        if who == "a":
            raise SystemExit(desk_a(rest[0], int(rest[1])))
        raise SystemExit(desk_b(rest[0], int(rest[1]), rest[2]))

    from benchmarks.server import start_durable_server

    def show(what: str, value: str, target: str, verdict: str) -> None:
        print(f"{what}: {value}  [{target}] {verdict}", flush=True)

    srv = start_durable_server()
    try:
        run(srv, int(sys.argv[1]) if len(sys.argv) > 1 else 200, show)
    finally:
        srv.stop()
