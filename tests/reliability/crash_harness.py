"""Kill -9 harness: writers record times through the Python API and die at random moments.

Run by tests/reliability/test_crash.py in a process of its own (it forks; pytest and Qt threads
must not be in the parent).  Each writer is a fork of this pre-imported process, so a kill costs
milliseconds, not an interpreter start.  After every kill: ``verify`` passes and every time the
API acknowledged is in the file with its value.  Prints one JSON line with the counts.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sys
import time
from pathlib import Path

import rallydesk
from rallydesk.domain.model import Entry, Group, Stage
from rallydesk.services import Event
from rallydesk.store.verify import verify

ENTRIES = 500
STAGES = 14


def key(i: int) -> tuple[int, int]:
    return 1 + i // ENTRIES, 1 + i % ENTRIES


def value(i: int) -> int:
    return 3 * 3_600_000 + i * 1_001


def writer(path: Path, start: int, out_fd: int) -> None:
    """Record keys start, start+1, … and report each one once record_time has returned."""
    with rallydesk.open_event(path) as ev:
        i = start
        while i < ENTRIES * STAGES:
            stage, number = key(i)
            ev.record_time(stage=stage, number=number, elapsed=value(i))
            os.write(out_fd, f"{i}\n".encode())
            i += 1
            if i % 7 == 0:  # replacements and adjustments too, not only fresh inserts
                ev.add_adjustment(stage=stage, number=number, amount='+10"', reason="harness")
    os._exit(0)


def main() -> int:
    path = Path(sys.argv[1])
    kills = int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rnd = random.Random(seed)
    ev = Event.create(path, "Crash harness")
    ev.put_group(Group("CAR", "Cars"))
    for s in range(1, STAGES + 1):
        ev.put_stage(Stage(s, f"S{s}"))
    with ev.batch():
        for n in range(1, ENTRIES + 1):
            ev.store.put_entry(Entry(n, "CAR"))
    ev.close()
    acked: set[int] = set()
    next_start = 0
    done_kills = 0
    writers_with_work = 0
    lost: list[int] = []
    bad_verify: list[str] = []
    t0 = time.monotonic()
    while done_kills < kills and next_start < ENTRIES * STAGES - 50:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            try:
                writer(path, next_start, w)
            finally:
                os._exit(1)
        os.close(w)
        buf = b""
        if done_kills % 2:
            # every other writer first acknowledges one time (however loaded the machine is), so
            # that work is done between kills without timing it; the others die at any moment
            while b"\n" not in buf:
                ready, _, _ = select.select([r], [], [], 30)
                chunk = os.read(r, 65536) if ready else b""
                if not chunk:
                    break
                buf += chunk
        deadline = time.monotonic() + rnd.uniform(0.002, 0.03)
        while time.monotonic() < deadline:
            ready, _, _ = select.select([r], [], [], max(0.0, deadline - time.monotonic()))
            if ready:
                chunk = os.read(r, 65536)
                if not chunk:
                    break
                buf += chunk
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while True:
            chunk = os.read(r, 65536)
            if not chunk:
                break
            buf += chunk
        os.close(r)
        done_kills += 1
        lines = buf.split(b"\n")
        writers_with_work += len(lines) > 1
        for line in lines[:-1]:  # the last piece is partial or empty: not an acknowledgement
            acked.add(int(line))
        findings = verify(path)
        if findings:
            bad_verify.extend(findings[:3])
            break
        with Event.open(path, readonly=True) as check:
            for i in acked:
                stage, number = key(i)
                t = check.existing_time(stage, number)
                if t is None or t.elapsed_ms != value(i):
                    lost.append(i)
        if lost:
            break
        next_start = (max(acked) + 2) if acked else next_start + 1
    print(
        json.dumps(
            {
                "kills": done_kills,
                "acknowledged": len(acked),
                "lost": len(lost),
                "writers_with_work": writers_with_work,
                "verify_failures": bad_verify,
                "seconds": round(time.monotonic() - t0, 1),
            }
        )
    )
    return 0 if not lost and not bad_verify else 1


if __name__ == "__main__":
    raise SystemExit(main())
