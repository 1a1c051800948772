"""Several desks on one server event, a desk killed, the server cut off (issue 16's acceptance).

Run by tests/reliability/test_several_desks.py in a process of its own. A durable PostgreSQL
server (fsync and synchronous_commit on: a crash of the server must not lose a commit it
acknowledged) holds one event; N desk processes (each its own ``RALLYDESK_DESK``, so each its own
outbox, in one per-run ``RALLYDESK_DATA``) key results through ``Event.record_time`` into slots
of their own, each appending every acknowledged result to its own log (fsync) once record_time
has returned, whether it went to the server or into the outbox. Meanwhile:

- one desk is killed (SIGKILL) while online and started again: it carries on from its log;
- the server is stopped as a crash would stop it for ``cut`` seconds; desks key on into their
  outboxes, one of them is killed during the cut (its outbox holds changes kept offline) and
  started again: it opens the event once the server is back, which replays its outbox first;
- one desk kills itself right after a write returned, before acknowledging it (the worst moment):
  started again, it keys that slot again and finds the same result there (no conflict);
- later the server is stopped again for a few seconds, the desks back online by then;
- a late desk, which opened the event once before the run (so it keeps a replica), starts only
  once the server is down: it opens the event from its replica, keys its own slots into it, and
  sends them when the server is back (issue 23). The desk killed during the cut, started again
  while the server is still down, also opens from its replica and keys on offline.

At the end: every acknowledged result is on the server with its value, each once in the journal,
``verify`` is clean, nothing is in conflict, and every classification of the server's event
(pulled into a file) equals the one of a file event into which the acknowledged results were
imported. Prints one JSON line with the counts and timings.

Usage: ``desks_harness.py WORKDIR`` (the parent), ``desks_harness.py desk …`` (one desk).
``RALLYDESK_HARNESS_SCALE="desks,per_desk,cut_seconds"`` scales it down for local iteration only.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from rallydesk.services import Event

ENTRIES = 500
STAGES = 17  # prologue 0 and stages 1-16: 8,500 slots, enough for 4 desks x 2,000 results
SEED = 16
#: how often a desk with changes waiting tries the server again (seconds)
RETRY_EVERY = 0.5
#: seconds of the second, short stop of the server
SHORT_STOP = 3
#: seconds between two keyings of one desk at most (33 a second: a brisk desk, and the run stays
#: mid-keying through the kill and the cut instead of keying everything offline at disk speed)
PACE = 0.03


def scale() -> tuple[int, int, int]:
    """(desks, results per desk, seconds the server is cut off): the issue's numbers unless the
    environment scales them down for a quick local run."""
    raw = os.environ.get("RALLYDESK_HARNESS_SCALE")
    if not raw:
        return 4, 2000, 30
    desks, per_desk, cut = (int(x) for x in raw.split(","))
    return desks, per_desk, cut


def slots(desks: int, per_desk: int) -> list[list[tuple[int, int]]]:
    """Each desk's slots (stage, number), distinct across desks, interleaved by stage so every
    desk keys every stage (the classifications then mix every desk's results); then the late
    desk's (index ``desks``): a quarter as many, from the slots left."""
    from rallydesk.generate import build

    _, _, stage_list, entry_list, _, _ = build(ENTRIES, STAGES, SEED)
    every = [(s.number, e.number) for s in stage_list for e in entry_list]
    assert desks * per_desk <= len(every), "not enough slots for that many results"
    used = desks * per_desk
    late = every[used : used + min(per_desk // 4, len(every) - used)]
    return [every[d : desks * per_desk : desks] for d in range(desks)] + [late]


def value(stage: int, number: int) -> int:
    """The elapsed time keyed for a slot (ms): deterministic, varied, plausible."""
    return 2 * 3_600_000 + ((stage * 7_919 + number * 104_729) % 3_600_000)


def set_up(location: str | Path) -> None:
    """The event's groups, stages and entries (no results), on a server or in a file."""
    from rallydesk.generate import build
    from rallydesk.store.eventstore import EventStore

    settings, groups, stage_list, entry_list, _, _ = build(ENTRIES, STAGES, SEED)
    store = EventStore.create(location, settings)
    try:
        with store.batch():
            for g in groups:
                store.put_group(g, "harness")
            for s in stage_list:
                store.put_stage(s, "harness")
            for e in entry_list:
                store.put_entry(e, "harness")
    finally:
        store.close()


# ---------------------------------------------------------------------- one desk (a process)


def read_log(path: Path) -> list[dict[str, Any]]:
    """The acknowledged results of a desk's log; a line cut by the kill is no acknowledgement."""
    if not path.exists():
        return []
    lines = path.read_bytes().split(b"\n")
    return [json.loads(line) for line in lines[:-1] if line.strip()]


def outbox_pending() -> int:
    """What this desk's outboxes hold before the event is opened (read as a file, apart)."""
    from rallydesk.outbox import outbox_path

    folder = outbox_path("x", os.environ["RALLYDESK_DESK"]).parent
    n = 0
    for path in folder.glob(f"*-{os.environ['RALLYDESK_DESK']}.sqlite"):
        with contextlib.closing(sqlite3.connect(path)) as db:
            n += db.execute("SELECT count(*) FROM pending").fetchone()[0]
    return n


def open_event(url: str, give_up: float) -> Event:
    """Open the event, waiting while the server is down (a desk started during a cut)."""
    from rallydesk.services import Event
    from rallydesk.store.errors import StoreUnavailable

    while True:
        try:
            return Event.open(url)
        except StoreUnavailable:
            if time.monotonic() > give_up:
                raise
            time.sleep(RETRY_EVERY)


def desk(url: str, index: int, desks: int, per_desk: int, log_path: Path) -> int:
    """Key this desk's slots from where its log stops; print what it saw as one JSON line."""
    t0 = time.monotonic()
    mine = slots(desks, per_desk)[index]
    done = read_log(log_path)
    start = done[-1]["i"] + 1 if done else 0
    stats: dict[str, Any] = {"desk": index, "start": start, "max_pending": 0, "replays": []}
    stats["pending_before_open"] = outbox_pending()
    stats["replica_before_open"] = sorted(
        p.name for p in (Path(os.environ["RALLYDESK_DATA"]) / "replica").glob("*.sqlite")
    )
    ev = open_event(url, t0 + 120)
    if os.environ.get("HARNESS_OPEN_ONLY"):  # the late desk's first open: its replica is kept
        assert ev.data.entries
        ev.close()
        print(json.dumps({"desk": index, "opened": True}), flush=True)
        return 0
    stats["pending_after_open"] = ev.pending_changes()  # the outbox is replayed at open
    stats["opened_offline"] = ev.offline  # (from the replica, the server away)
    stats["open_seconds"] = round(time.monotonic() - t0, 2)
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    last_try = time.monotonic()

    def reconnect() -> None:
        before, t = ev.pending_changes(), time.monotonic()
        if ev.try_reconnect():
            stats["replays"].append({"sent": before, "seconds": round(time.monotonic() - t, 3)})

    #: a desk told to die right after a write returned, before its log line (only its first run)
    die_at = int(os.environ.get("HARNESS_DIE_AT", "-1")) if start == 0 else -1
    paced_from = time.monotonic()
    for i in range(start, len(mine)):
        time.sleep(max(0.0, paced_from + (i - start) * PACE - time.monotonic()))
        stage, number = mine[i]
        before = ev.pending_changes()
        # expected=None: this desk saw no result there. A slot re-keyed after a kill that had
        # reached the server with this value is no conflict (the same result)
        t = ev.record_time(stage, number, elapsed=value(stage, number), expected=None)
        if i == die_at:  # the worst moment: written, not yet in the log (not acknowledged)
            os.kill(os.getpid(), signal.SIGKILL)
        pending = ev.pending_changes()
        line = {"i": i, "s": stage, "n": number, "ms": t.elapsed_ms, "kept": pending > before}
        os.write(fd, (json.dumps(line) + "\n").encode())
        os.fsync(fd)
        stats["max_pending"] = max(stats["max_pending"], pending)
        if ev.offline and time.monotonic() - last_try >= RETRY_EVERY:
            last_try = time.monotonic()
            reconnect()
    give_up = time.monotonic() + 120
    while ev.offline:
        if time.monotonic() > give_up:
            break
        reconnect()
        if ev.pending_changes():
            time.sleep(RETRY_EVERY)
    stats["pending_at_end"] = ev.pending_changes()
    stats["conflicts"] = len(ev.conflicts())
    stats["seconds"] = round(time.monotonic() - t0, 1)
    ev.close()
    os.close(fd)
    print(json.dumps(stats), flush=True)
    return 0


# ---------------------------------------------------------------------- the run (the parent)


class Desk:
    """One desk process and its log (restarted under the same desk name: the same outbox)."""

    def __init__(self, index: int, url: str, work: Path, desks: int, per_desk: int) -> None:
        self.index = index
        self.url = url
        self.log = work / f"desk-{index}.acks"
        self.out = work / f"desk-{index}"
        self.args = [str(desks), str(per_desk)]
        self.env = dict(
            os.environ, RALLYDESK_DESK=f"desk-{index}", RALLYDESK_DATA=str(work / "data")
        )
        self.runs = 0
        #: it kills itself once (True): the parent starts it again when it sees it gone
        self.dies = False
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.runs += 1
        with open(f"{self.out}.{self.runs}.out", "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, __file__, "desk", self.url, str(self.index), *self.args, self.log],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def uncertain(self, per_desk: int) -> list[int] | None:
        """The slot this desk was keying when killed: written perhaps, never acknowledged."""
        done = read_log(self.log)
        i = done[-1]["i"] + 1 if done else 0
        mine = slots(int(self.args[0]), per_desk)[self.index]
        return list(mine[i]) if i < len(mine) else None

    def acked(self) -> int:
        try:
            return self.log.read_bytes().count(b"\n")
        except FileNotFoundError:
            return 0

    def report(self) -> dict[str, Any] | None:
        """The last run's JSON line (None: it did not finish)."""
        text = Path(f"{self.out}.{self.runs}.out").read_text(errors="replace")
        for line in reversed(text.splitlines()):
            if line.startswith("{"):
                return json.loads(line)
        return None

    def output(self) -> str:
        return Path(f"{self.out}.{self.runs}.out").read_text(errors="replace")[-3000:]


def wait_until(condition: Callable[[], bool], limit: float, what: str, team: list[Desk]) -> None:
    """Wait for ``condition``; meanwhile start again a desk that killed itself."""
    deadline = time.monotonic() + limit
    while not condition():
        for d in team:
            if d.dies and d.proc is not None and d.proc.poll() == -signal.SIGKILL:
                d.dies = False
                d.start()
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


def main(work: Path) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from pg_server import start_server

    from rallydesk.services import Event, pull_event, verify_event

    desks, per_desk, cut = scale()
    total = desks * per_desk
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"desks": desks, "per_desk": per_desk}
    server = start_server(durable=os.environ.get("RALLYDESK_HARNESS_FAST") is None)
    try:
        url = server.new_database()
        t0 = time.monotonic()
        set_up(url)
        result["setup_seconds"] = round(time.monotonic() - t0, 1)
        team = [Desk(d, url, work, desks, per_desk) for d in range(desks)]
        # the late desk opens the event once now (it keeps a replica), and keys only from the cut
        late = Desk(desks, url, work, desks, per_desk)
        late.env["HARNESS_OPEN_ONLY"] = "1"
        late.env["RALLYDESK_DATA"] = str(work / "data-late")  # a laptop of its own
        late.start()
        assert late.proc is not None and late.proc.wait(120) == 0, late.output()
        del late.env["HARNESS_OPEN_ONLY"]
        # one desk dies right after a write to the server returned, before acknowledging it
        # (its own SIGKILL: the worst moment, which a kill from outside hits only by chance);
        # started again, it keys that slot again, and finds the same result there: no conflict
        selfkill = team[2 % desks]
        selfkill.dies = True
        selfkill.env["HARNESS_DIE_AT"] = str(per_desk // 8)
        t0 = time.monotonic()
        for d in team:
            d.start()

        def acked() -> int:
            return sum(d.acked() for d in team)

        def running() -> bool:
            return any(d.dies or (d.proc is not None and d.proc.poll() is None) for d in team)

        # a desk killed while online, mid-run, and started again
        wait_until(lambda: acked() >= total // 8, 300, "desks keying before the first kill", team)
        team[0].kill()
        uncertain = [team[0].uncertain(per_desk)]
        result["killed_online_at"] = [team[0].acked(), round(time.monotonic() - t0, 1)]
        team[0].start()
        # the server cut off (as a crash) while the desks key on into their outboxes
        wait_until(lambda: acked() >= total // 4, 300, "desks keying before the cut", team)
        server.pause()
        cut_at = time.monotonic()
        result["cut_at"] = [acked(), round(cut_at - t0, 1)]
        at_cut = [d.acked() for d in team]
        late.start()  # started while the server is down: it opens from its replica
        team.append(late)
        # a desk killed during the cut, changes kept in its outbox: started again, it opens the
        # event when the server is back, and its outbox is replayed at open
        victim = team[1 % desks]
        wait_until(
            lambda: victim.acked() >= at_cut[victim.index] + 20, cut / 2, "keying offline", team
        )
        time.sleep(max(0.0, cut / 3 - (time.monotonic() - cut_at)))
        victim.kill()
        uncertain.append(victim.uncertain(per_desk))
        result["killed_offline_at"] = [victim.acked(), round(time.monotonic() - t0, 1)]
        victim.start()
        time.sleep(max(0.0, cut - (time.monotonic() - cut_at)))
        during_cut = [d.acked() - a for d, a in zip(team, at_cut, strict=False)]
        server.resume()
        result["cut_seconds"] = round(time.monotonic() - cut_at, 1)
        result["keyed_during_cut"] = during_cut
        # a second, short stop once the desks are back online: they lose it again after their
        # reconnect (and its replay), key on into their outboxes, and send them once more
        wait_until(lambda: acked() >= total * 7 // 8, 300, "desks keying before the stop", team)
        server.pause()
        stop_at = time.monotonic()
        result["stop_at"] = [acked(), round(stop_at - t0, 1)]
        time.sleep(SHORT_STOP)
        server.resume()
        result["stop_seconds"] = round(time.monotonic() - stop_at, 1)
        wait_until(lambda: not running(), 600, "desks finishing", team)
        result["keying_seconds"] = round(time.monotonic() - t0, 1)
        result["kills"] = 3 if selfkill.runs == 2 else 2
        reports = [d.report() for d in team]
        failed = [d.output() for d, r in zip(team, reports, strict=True) if r is None]
        if failed:
            result["desk_failures"] = failed
            print(json.dumps(result))
            return 1
        result["max_pending"] = max(r["max_pending"] for r in reports if r)
        result["pending_at_end"] = sum(r["pending_at_end"] for r in reports if r)
        result["conflicts"] = sum(r["conflicts"] for r in reports if r)
        result["replay_seconds"] = max(
            (p["seconds"] for r in reports if r for p in r["replays"]), default=0.0
        )
        result["restarted_pending_before_open"] = reports[victim.index]["pending_before_open"]
        result["restarted_pending_after_open"] = reports[victim.index]["pending_after_open"]
        result["restarted_open_seconds"] = reports[victim.index]["open_seconds"]
        result["restarted_opened_offline"] = reports[victim.index]["opened_offline"]
        late_report = reports[late.index]
        assert late_report is not None
        result["late_opened_offline"] = late_report["opened_offline"]
        result["late_acknowledged"] = late.acked()
        result["late_slots"] = len(slots(desks, per_desk)[late.index])

        # what every desk acknowledged, against the server
        acks = {}
        kept = {}  # the acknowledged results that were kept in an outbox, not sent at once
        for d in team:
            for line in read_log(d.log):
                acks[(line["s"], line["n"])] = line["ms"]
                if line["kept"]:
                    kept[(line["s"], line["n"])] = line["ms"]
        result["acknowledged"] = sum(len(read_log(d.log)) for d in team)
        result["acknowledged_slots"] = len(acks)
        result["kept_offline"] = len(kept)
        t1 = time.monotonic()
        with Event.open(url, readonly=True) as ev:
            stored = {(t.stage, t.number): t.elapsed_ms for t in ev.data.times}
            rows = [r for r in ev.journal() if r["action"].startswith("time.")]
        result["on_server"] = len(stored)
        result["lost"] = sum(1 for k, ms in acks.items() if stored.get(k) != ms)
        result["kept_offline_arrived"] = sum(1 for k, ms in kept.items() if stored.get(k) == ms)
        result["unacknowledged_on_server"] = len(set(stored) - set(acks))
        per_slot: dict[tuple[int, int], int] = {}
        for r in rows:
            if r["action"] == "time.record":
                per_slot[(r["stage"], r["number"])] = per_slot.get((r["stage"], r["number"]), 0) + 1
        result["duplicates"] = sum(n - 1 for n in per_slot.values() if n > 1)
        # a slot re-keyed after a kill may have reached the server unacknowledged: its second
        # keying is a replacement by the same value, never a second record nor a new value
        replaces = [r for r in rows if r["action"] == "time.replace"]
        result["replaced_same_value"] = sum(1 for r in replaces if _same(r["old"], r["new"]))
        result["replaced_slots"] = sorted([r["stage"], r["number"]] for r in replaces)
        result["selfkill_slot"] = list(slots(desks, per_desk)[selfkill.index][per_desk // 8])
        # the slots a desk was keying when killed: the only ones a replacement may touch
        result["uncertain_slots"] = [result["selfkill_slot"], *(u for u in uncertain if u)]
        result["replaced_other"] = len(replaces) - result["replaced_same_value"]
        result["other_time_rows"] = sum(
            1 for r in rows if r["action"] not in ("time.record", "time.replace")
        )
        result["verify"] = verify_event(url)

        # every classification of the server's event = that of the same results in a file
        pulled = work / "pulled.rallydesk"
        pull_event(url, pulled)
        reference = work / "reference.rallydesk"
        set_up(reference)
        with Event.open(reference) as ref, ref.batch():
            for (stage, number), ms in sorted(acks.items()):
                ref.record_time(stage, number, elapsed=ms)
        result["classifications"], result["classifications_differ"] = _compare(pulled, reference)
        result["check_seconds"] = round(time.monotonic() - t1, 1)
    finally:
        server.stop()
    print(json.dumps(result), flush=True)
    ok = (
        result["lost"] == 0
        and result["duplicates"] == 0
        and result["replaced_other"] == 0
        and result["verify"] == []
        and result["classifications_differ"] == []
        and result["conflicts"] == 0
        and result["pending_at_end"] == 0
        and (result["restarted_pending_after_open"] == 0 or result["restarted_opened_offline"])
        and result["late_opened_offline"]
        and result["late_acknowledged"] == result["late_slots"]
        and result["selfkill_slot"] in result["replaced_slots"]
        and all(slot in result["uncertain_slots"] for slot in result["replaced_slots"])
    )
    return 0 if ok else 1


def _same(old: Any, new: Any) -> bool:
    """Two journal copies of a result that agree on the result (the reason aside)."""
    if isinstance(old, str):
        old, new = json.loads(old), json.loads(new)
    keys = ("stage", "number", "status", "elapsed_ms", "start_ms", "finish_ms", "nominal_ms")
    return old is not None and all(old.get(k) == new.get(k) for k in keys)


def _compare(a: Path, b: Path) -> tuple[int, list[str]]:
    """Every stage and overall classification, of every group and none: (how many, which differ)."""
    from rallydesk.services import Event

    differ: list[str] = []
    n = 0
    with Event.open(a, readonly=True) as ea, Event.open(b, readonly=True) as eb:
        groups = [g.code for g in ea.data.groups]  # categories, their classes and cups
        assert groups == [g.code for g in eb.data.groups]
        for s in ea.data.stages:
            for overall in (False, True):
                for g in groups:
                    n += 1
                    ca = ea.classification(s.number, overall, g).to_json()
                    cb = eb.classification(s.number, overall, g).to_json()
                    if ca != cb:
                        differ.append(f"stage {s.number} {'overall' if overall else 'stage'} {g}")
    return n, differ


if __name__ == "__main__":
    if sys.argv[1] == "desk":
        url, index, desks, per_desk, log = sys.argv[2:7]
        raise SystemExit(desk(url, int(index), int(desks), int(per_desk), Path(log)))
    raise SystemExit(main(Path(sys.argv[1])))
