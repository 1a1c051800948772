"""Offline-first desks: the replica of a server event a writing desk keeps, and opening the event
from it while the server is away (issue 23).

The replica (``store/replica.py``: one durable SQLite file per server event and desk, bound to
the event's identity like the outbox) holds what the desk showed last: the snapshot, the head of
the journal it holds, and the reads the keying needs offline (:data:`REPLICA_READS`: start lists,
desk settings, officials without PIN hashes, publications, where keying left off), plus a PIN
verifier of each official who logged in at this desk. It is refreshed after a load from the server
when the journal head moved, on the heartbeat's rhythm and at close, never per keystroke, and
only while nothing waits in the outbox (it is the server's state; the kept changes are applied
over it when it is read).

Opened from its replica, a desk reads the replica and keeps every change in its outbox exactly as
after a lost connection (same conflict rules, ``expected`` = what it showed); once the server
answers and holds the same event (its id), the kept changes are replayed and the desk reads the
server again (``sync.try_reconnect``).
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

from ..domain import officials as O
from ..domain.changes import time_from_row
from ..domain.errors import RallyDeskError
from ..domain.model import Adjustment, EventData
from ..store.errors import StoreError, StoreUnavailable
from ..store.eventstore import EventStore
from ..store.location import parse
from ..store.policy import DeskIdentity, WritePolicy
from ..store.replica import Replica, ReplicaError, replica_path
from .context import EventContext, Official

log = logging.getLogger(__name__)

#: The store reads (``EventContext.last_known``) a desk needs offline, kept in the replica.
REPLICA_READS = ("starts", "desk_settings", "officials", "publications", "last_timed_stage")


def replica_of(store: EventStore) -> Replica | None:
    """The replica a writing desk keeps of a server event (None: a file, or read-only)."""
    address = store.location.address
    if address is None or store.readonly:
        return None
    return Replica(replica_path(address, store.identity.desk))


def keep(ctx: EventContext, force: bool = False) -> None:
    """Refresh the replica with the snapshot held, when the journal head moved since it was
    kept (``force``: whatever the head). Not while changes wait in the outbox or the server has
    not answered yet: the replica is the server's state as this desk last read it. A replica that
    cannot be written is said once in the log; the desk works on."""
    rep, data = ctx.replica, ctx.held
    if rep is None or data is None or ctx.unreached or ctx.closed:
        return
    if ctx.outbox is not None and ctx.outbox.count():
        return
    if ctx.store.in_transaction() or (not force and ctx.data_version == ctx.replica_head):
        return
    key = ctx.store.outbox_key()
    if not key:
        return
    try:
        seen = {read: ctx.last_known(read) for read in REPLICA_READS}
        rep.write(key, {"data": data, "head": ctx.data_version, "seen": seen})
    except StoreUnavailable:
        return  # (the server went away meanwhile: the replica keeps what it had)
    except ReplicaError as exc:
        log.warning("%s: %s", ctx.path, exc)
        return
    ctx.replica_head = ctx.data_version


def open_unreached(
    url: str, policy: WritePolicy, identity: DeskIdentity | None, lost: StoreUnavailable
) -> tuple[EventStore, dict[str, Any]]:
    """The store of a server event whose server does not answer, and what the replica kept;
    without a replica, ``lost`` said again with why the desk cannot open it offline."""
    identity = identity or DeskIdentity.of_this_computer()
    location, _ = parse(url)
    assert location.address is not None
    kept = Replica(replica_path(location.address, identity.desk))
    try:
        values = kept.read()
    finally:
        kept.close()
    if values is None or not isinstance(values.get("data"), EventData):
        raise StoreUnavailable(
            f"{lost}; this desk has no copy of this event to open while the server is away"
            " (it never opened it here while the server answered)"
        ) from None
    uid = str(values["bound"]).rpartition("#")[2]
    store = EventStore.unreached(url, uid, policy=policy, identity=identity)
    store.warnings.append(
        f"{location.address}: the server cannot be reached; this desk opened the event from its"
        f" own copy (as it last saw it) and keeps every change until the server answers"
    )
    log.warning("%s: server away (%s); opened from this desk's replica", location.address, lost)
    return store, values


def seed(ctx: EventContext, values: dict[str, Any]) -> None:
    """An event opened from its replica reads what the replica kept (before its start-up)."""
    ctx.unreached = True
    ctx.data_version = int(values.get("head") or 0)
    ctx.replica_head = ctx.data_version
    ctx._seen.update(values.get("seen") or {})
    ctx.pins.update(values.get("pins") or {})
    ctx._data = ctx._last_data = values["data"]


def apply_kept(ctx: EventContext) -> None:
    """Over the replica's snapshot, the changes still kept in the outbox (a desk restarted
    offline shows what it keyed before, and keys on over it: its ``expected`` values)."""
    if ctx.outbox is None or ctx._data is None:
        return
    data = ctx._data
    for item in ctx.outbox.pending():
        data = with_kept(data, item, ctx.outbox.real_adjustment_id)
    ctx._data = ctx._last_data = data


def with_kept(data: EventData, item: dict[str, Any], real_id: Any) -> EventData:
    """``data`` with one kept change (as the desk showed it when it was made)."""
    op, args = item["op"], item["args"]
    if op == "time.record":
        t = time_from_row(args["time"])
        return data if t is None else data.with_time(t.stage, t.number, t)
    if op == "time.delete":
        return data.with_time(args["stage"], args["number"], None)
    if op == "adjustment.add":
        added = Adjustment(**dict(args["adjustment"], id=args["provisional"]))
        return data.with_adjustments(data.adjustments + (added,))
    if op == "adjustment.revoke":
        gone = real_id(args["id"])
        return data.with_adjustments(tuple(a for a in data.adjustments if a.id != gone))
    if op == "adjustment.edit":
        edited = real_id(args["id"])
        return data.with_adjustments(
            tuple(
                dataclasses.replace(a, **args["changes"]) if a.id == edited else a
                for a in data.adjustments
            )
        )
    return data  # (a second keying changes no result)


def reached(ctx: EventContext) -> None:
    """The server answers a desk opened from its replica: it must hold the very event the
    replica and the outbox were kept for (its id), else nothing is sent and the desk stays
    offline, said. Then the desk is a desk on the server again (the caller replays)."""
    served = ctx.store.served_key()
    mine = ctx.outbox.store_key if ctx.outbox is not None else None
    if mine is not None and served != mine:
        raise StoreError(
            f"{ctx.path}: the server now holds another event than the one this desk kept changes"
            " for (its id differs); they are NOT sent there (they stay in this desk's outbox)"
        )
    ctx.unreached = False
    ctx.store.offline_uid = None
    log.info("%s: the server answers; the desk opened offline is on it again", ctx.path)


# ---------------------------------------------------------------------- logins while away


def note_pin(ctx: EventContext, name: str, role: str, pin: str) -> None:
    """After a login the server accepted: a verifier of that PIN (salted scrypt, a salt of
    this desk's own), so the same official can log in here while the server is away."""
    if ctx.replica is None or ctx.unreached:
        return
    key = ctx.store.outbox_key()
    if not key:
        return
    salt = O.new_salt()
    ctx.pins[name] = {"role": role, "salt": salt, "hash": O.hash_pin(pin, salt)}
    try:
        ctx.replica.write(key, {"pins": dict(ctx.pins)})
    except ReplicaError as exc:
        log.warning("%s: %s", ctx.path, exc)


def login_away(ctx: EventContext, name: str, match: dict[str, Any], pin: str) -> Official:
    """A login while the server is away: the PIN checked against the verifier this desk kept
    at the official's last login here (the server checks the role again at replay). Wrong PINs
    are counted here as on the server: ten in a row lock the name for this session."""
    verifier = ctx.pins.get(name)
    if verifier is None:
        raise RallyDeskError(
            f"{name} cannot log in while the server is away: this desk has no proof of their PIN"
            " (they never logged in here while the server answered)"
        )
    failures = ctx.pin_failures_away.get(name, 0)
    if failures >= O.MAX_FAILURES:
        raise RallyDeskError(f"{name} is locked after {failures} wrong PINs in a row")
    if not O.pin_matches(pin or "", verifier["salt"], verifier["hash"]):
        ctx.pin_failures_away[name] = failures + 1
        raise RallyDeskError(f"wrong PIN for {name} ({O.MAX_FAILURES - failures - 1} more)")
    ctx.pin_failures_away.pop(name, None)
    return Official(name, match["role"])


def path_of(ctx: EventContext) -> Path | None:
    """The replica file (tests, the log)."""
    return ctx.replica.path if ctx.replica is not None else None
