"""Was the desk closed properly last time? A marker per event in the user's data folder, written
when a writing desk opens the event and removed when it closes it cleanly: one still there at the
next open means the desk was killed or the power cut, and the desk then names the last result
the event recorded (stage, number, time, when, which desk) so the official can check where they
were. The event itself holds every acknowledged result; the marker only says an end was abrupt."""

from __future__ import annotations

import hashlib
import json
import os
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..domain.changes import time_from_row
from ..domain.model import StageTime
from ..paths import data_dir
from .context import EventContext

FOLDER = "open-events"


@dataclass(frozen=True)
class LastResult:
    """The latest result in the event's journal: what it was set to, when, by whom."""

    stage: int
    number: int
    #: the result as recorded (None: it was deleted, or undone to none)
    time: StageTime | None
    #: when, in the event's time zone (named)
    at: str
    desk: str | None
    official: str | None
    action: str


@dataclass(frozen=True)
class UncleanEnd:
    """The previous session on this event did not close it: when it opened, which desk and
    process, and the last result recorded (None: the event has none)."""

    opened_at: str
    desk: str | None
    pid: int | None
    last: LastResult | None


def in_event_zone(ctx: EventContext, iso: str) -> str:
    """A journal moment (UTC ISO) as the officials read it: the event's zone, named."""
    from ..io.sheet_model import event_zone

    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    zone, name = event_zone(ctx.data.settings.timezone)
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M:%S} {name}".strip()


#: each open event's key, taken once: at a close the store may be out of reach (a server lost)
_keys: weakref.WeakKeyDictionary[EventContext, str] = weakref.WeakKeyDictionary()


def _key(ctx: EventContext) -> str:
    # the event's id and where it is: a pulled copy of a server event is not the server's session
    known = _keys.get(ctx)
    if known is None:
        key = f"{ctx.store.event_uid() or ''}|{ctx.location}"
        known = _keys[ctx] = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return known


def marker_path(ctx: EventContext) -> Path:
    """The marker of this event in the user's data folder (one file per event)."""
    return data_dir() / FOLDER / f"{_key(ctx)}.json"


def _alive(pid: int) -> bool:
    """A process of that id still runs (the same event open in another window of this user)."""
    if pid == os.getpid():
        return True  # this very process holds it open (another window): no abrupt end
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))  # type: ignore[attr-defined]
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def _read(path: Path) -> dict[str, Any] | None:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {} if path.exists() else None  # a marker cut short by the power cut: still one
    return found if isinstance(found, dict) else {}


def last_result(ctx: EventContext) -> LastResult | None:
    """The latest keyed, replaced or deleted result in the journal."""
    rows = [r for r in ctx.store.recent_times(1)]
    if not rows:
        return None
    head = rows[0]
    full = [r for r in ctx.store.journal_history(str(head["target"])) if r["id"] == head["id"]]
    row = full[0] if full else head
    parts = str(row["target"]).split()  # "stage 2 #203"
    try:
        stage_v, number_v = row.get("stage"), row.get("number")
        stage = int(stage_v) if stage_v is not None else int(parts[1])
        number = int(number_v) if number_v is not None else int(parts[2].lstrip("#"))
    except (IndexError, ValueError, TypeError):
        return None
    new = row.get("new")
    if isinstance(new, str):
        try:
            new = json.loads(new)
        except ValueError:
            new = None
    # the journal's copy of the row, with the stage and number its target names
    time = (
        time_from_row({**new, "stage": stage, "number": number}) if isinstance(new, dict) else None
    )
    return LastResult(
        stage,
        number,
        time,
        in_event_zone(ctx, str(row["at"])),
        row.get("desk"),
        row.get("official"),
        row["action"],
    )


def begin(ctx: EventContext) -> UncleanEnd | None:
    """A writing desk opens the event: what the marker left by a session that did not close it
    says (None: the last session ended cleanly, or this is the first), then this session's
    marker. A marker of a process still running is that window's, not an abrupt end."""
    path = marker_path(ctx)
    found = _read(path)
    unclean = None
    if found is not None:
        pid = found.get("pid")
        if not (isinstance(pid, int) and _alive(pid)):
            unclean = UncleanEnd(
                in_event_zone(ctx, str(found.get("opened_at") or "")),
                found.get("desk") if isinstance(found.get("desk"), str) else None,
                pid if isinstance(pid, int) else None,
                last_result(ctx),
            )
    mine = {
        "event": str(ctx.location),
        "pid": os.getpid(),
        "desk": ctx.identity.desk,
        "opened_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(mine, fh)
            fh.flush()
            os.fsync(fh.fileno())  # on disk before the first key: a power cut still finds it
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only data folder: no notice next time, keying is not stopped for it
    return unclean


def end(ctx: EventContext) -> None:
    """A clean close: this session's marker goes (another process's is left alone). Only a
    session that began one has one: nothing is asked of a store that may be gone by now."""
    if ctx not in _keys:
        return
    path = marker_path(ctx)
    found = _read(path)
    if found is not None and found.get("pid") in (os.getpid(), None):
        path.unlink(missing_ok=True)
