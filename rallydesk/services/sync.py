"""Several desks: changes kept while the store cannot be reached (the outbox), their replay and
conflicts, and following what the other desks commit (poll, LISTEN/NOTIFY, catch-up)."""

from __future__ import annotations

import dataclasses
import logging
import time
import warnings
from collections.abc import Callable
from typing import Any

from ..domain.changes import (
    NOT_GIVEN,
    Conflict,
    Expected,
    check_replacement,
    new_change_id,
    time_from_row,
)
from ..domain.errors import RallyDeskError, quoted
from ..domain.model import Adjustment, StageTime
from ..outbox import (
    Outbox,
    OutboxError,
    OutboxMismatch,
    legacy_outbox_path,
    outbox_path,
    store_tag,
)
from ..store.errors import StoreError, StoreUnavailable
from . import replica, second, session, timing
from .context import EventContext, Official, official_name, official_role
from .notices import BatchWritten, OfflineChanged, OtherDeskWrote
from .results import ReplayCount

log = logging.getLogger(__name__)


def change_id_for(ctx: EventContext, given: str | None) -> str | None:
    """A change's id: the caller's, else a new one where the change may be sent twice — a desk
    with an outbox replays what it kept, and the store must know it applied it already. An
    event file has no outbox (it is never unreachable) and nothing sends its writes again: no
    id, so no ``applied_changes`` row to write (issue 25: two of the five pages a keyed time
    put in the file's log)."""
    if given is not None:
        return given
    return new_change_id() if ctx.outbox is not None else None


def send(
    ctx: EventContext,
    op: str,
    args: dict[str, Any],
    change_id: str | None,
    expected: Expected,
    seen: StageTime | None,
    guarded: tuple[int | None, int | None, str | None] | None,
    write: Callable[[], Any],
) -> Any:
    """Write now, or keep the change in the outbox when the store cannot be reached (and while
    earlier changes wait there: the server gets them in the order they were made).

    ``seen`` is what the desk's snapshot holds there: kept as the change's expected value when
    the caller gave none, so a replay never silently overwrites another desk's result."""
    if not offline(ctx):
        try:
            return write()
        except Conflict:
            # another desk wrote meanwhile: the desk's snapshot is stale, read it again
            ctx.commit(OtherDeskWrote())
            raise
        except StoreUnavailable as exc:
            if ctx.outbox is None:
                raise
            log.warning("%s: store lost (%s); keying goes on into the outbox", ctx.path, exc)
    if ctx.outbox is None:
        raise RallyDeskError(f"{ctx.path}: opened read-only; changes are not possible")
    assert change_id is not None  # change_id_for made one: there is an outbox
    ctx.store.last_journal_id = None  # kept, not written: no journal row of this desk's
    if guarded is not None:
        try:  # the server checks again at replay; a refusal then is listed, never lost
            session.guard(ctx, op, *guarded)
        except StoreUnavailable:
            pass
        if op.startswith("time."):  # as the store would refuse it, over what this desk shows
            check_replacement(seen, time_from_row(args.get("time")), guarded[2], expected)
    kept = (
        expected if expected is not NOT_GIVEN else (seen if op.startswith("time.") else NOT_GIVEN)
    )
    if op == "adjustment.add":  # a negative id the desk shows until the server gives one
        args["provisional"] = ctx.outbox.next_provisional_id()
    ctx.outbox.append(
        op,
        args,
        change_id,
        None if kept is NOT_GIVEN else {"time": time_json(kept)},
        ctx.identity.desk,
        official_name(ctx),
        official_role(ctx),
    )
    ctx.notify(OfflineChanged(True, ctx.outbox.count()))
    return None


#: How often a desk on a server says it is alive (``server status``: last seen, changes waiting).
HEARTBEAT_SECONDS = 30.0


def heartbeat(ctx: EventContext, force: bool = False) -> None:
    """Tell the server this desk is alive and how many changes it keeps offline: at once when
    ``force`` (opening, after a replay, closing), else at most every :data:`HEARTBEAT_SECONDS`.
    A server that cannot be reached hears nothing: the desk goes on as before."""
    now = time.monotonic()
    if not ctx.on_server or (not force and now - ctx.last_heartbeat < HEARTBEAT_SECONDS):
        return
    try:
        ctx.store.heartbeat(pending_changes(ctx))
        ctx.last_heartbeat = now
    except StoreError as exc:  # (StoreUnavailable too): a heartbeat never stops the desk
        log.info("%s: no heartbeat (%s)", ctx.path, exc)
        return
    replica.keep(ctx)  # on the same rhythm: what this desk keyed itself is in its replica too


#: A desk that does not listen to the server (a script) looks at the server's journal head before
#: a read at most this often: its reads see what other desks committed up to this long before.
FRESH_SECONDS = 0.2
#: Such a desk offline tries the server again on a call at most this often (the desk's window
#: has its own timer, every 5 s).
RETRY_SECONDS = 1.0


def freshen(ctx: EventContext) -> None:
    """Before a read of a server event by a desk nobody drives (no listening connection, no
    timer: the Python API): send what waits once the server answers, and see what the other
    desks committed (the journal head, one cheap statement, at most every
    :data:`FRESH_SECONDS`). A desk that listens is woken by the server instead: its keying
    makes no extra round trip. Never inside a transaction; a server away changes nothing."""
    if not ctx.on_server or ctx.closed or ctx.freshening or ctx.store.listener is not None:
        return
    if ctx.store.in_transaction():
        return
    now = time.monotonic()
    waiting = offline(ctx)
    if now < (ctx.retry_at if waiting else ctx.looked_at + FRESH_SECONDS):
        return
    ctx.freshening = True
    try:
        if waiting:
            if not try_reconnect(ctx):
                ctx.retry_at = time.monotonic() + RETRY_SECONDS
        elif ctx.held is not None:  # (no snapshot held: the read loads the server's anyway)
            ctx.looked_at = now
            _look(ctx)
    except StoreUnavailable as exc:  # away again: the snapshot stands, the change is kept
        log.info("%s: the server is away (%s)", ctx.path, exc)
        ctx.retry_at = time.monotonic() + RETRY_SECONDS
    except StoreError as exc:  # (a server holding another event): said, the read goes on
        log.warning("%s", exc)
        ctx.retry_at = time.monotonic() + RETRY_SECONDS
    finally:
        ctx.freshening = False


def close_out(ctx: EventContext) -> int:
    """At close: one more try to send what waits; how many changes stay kept (logged, and
    warned, as a script would otherwise never know), and the server told so."""
    if pending_changes(ctx):
        try:
            try_reconnect(ctx)
        except StoreError as exc:
            log.info("%s: not sent at close (%s)", ctx.path, exc)
    replica.keep(ctx)
    kept = pending_changes(ctx)
    if kept:
        assert ctx.outbox is not None
        message = (
            f"{ctx.path}: {kept} changes stay kept in this desk's outbox ({ctx.outbox.path}),"
            " not on the server; they are sent when this desk opens the event again and the"
            " server answers"
        )
        log.warning("%s", message)
        warnings.warn(message, RuntimeWarning, stacklevel=3)
    heartbeat(ctx, force=True)
    return kept


def pending_changes(ctx: EventContext) -> int:
    """How many changes this desk keeps in its outbox, waiting for the store."""
    return ctx.outbox.count() if ctx.outbox is not None else 0


def offline(ctx: EventContext) -> bool:
    """True while changes wait in the outbox, or the desk opened from its replica has not
    reached the server since (the desk shows OFFLINE)."""
    return ctx.unreached or pending_changes(ctx) > 0


def try_reconnect(ctx: EventContext) -> bool:
    """Reach the store again and send what waits; True when nothing waits any more.
    The desk calls it on a timer while offline. A store that answers but fails otherwise (a
    full disk) raises its StoreError: the desk says so, the changes stay kept."""
    if not offline(ctx):
        return True
    try:
        ctx.store.reconnect()
        if ctx.unreached:  # opened from the replica: the server must hold the same event
            replica.reached(ctx)
            if not pending_changes(ctx):  # nothing to send: the server's state, read anew
                ctx.forget()
                ctx.commit(BatchWritten(True))
                ctx.notify(OfflineChanged(False, 0, 0, 0))
        replay(ctx)
    except StoreUnavailable as exc:
        log.info("%s: still offline (%s)", ctx.path, exc)
        return False
    heartbeat(ctx, force=True)
    return not pending_changes(ctx)


def replay(ctx: EventContext) -> ReplayCount:
    """Send the outbox in order, each change once (by its id: one already applied is answered,
    not applied again). A conflict or a refusal is kept in :meth:`conflicts` and the replay goes
    on; a store that fails (StoreUnavailable, any StoreError) stops it, raised, and what is
    left stays kept."""
    outbox = ctx.outbox
    if outbox is None or not outbox.count():
        return ReplayCount(0, 0, 0)
    sent = conflicts = 0
    try:
        for item in outbox.pending():
            try:
                real_id = replay_one(ctx, item)
            except StoreError:
                raise  # the store itself failed (lost, full disk): the change stays kept
            except RallyDeskError as exc:  # a conflict, or a refusal (roles, a lock)
                outbox.to_conflict(item["seq"], conflict_record(ctx, item, exc))
                conflicts += 1
                log.warning("%s: replay of %s refused: %s", ctx.path, item["op"], exc)
            else:
                adjustment = (item["args"]["provisional"], real_id) if real_id else None
                outbox.done(item["seq"], adjustment)
                sent += 1
    finally:
        if not outbox.count():  # all sent: the store's state is the truth again
            ctx.forget()
        ctx.notify(OfflineChanged(outbox.count() > 0, outbox.count(), sent, conflicts))
        if (sent or conflicts) and not outbox.count():
            # several changes at once, as an import: every view shows the store's state again
            ctx.commit(BatchWritten(True))
    log.info("%s: replayed %d changes, %d conflicts", ctx.path, sent, conflicts)
    return ReplayCount(sent, conflicts, outbox.count())


def replay_one(ctx: EventContext, item: dict[str, Any]) -> int | None:
    """Apply one kept change as its official made it; the real id of an adjustment added."""
    assert ctx.outbox is not None
    op, args, cid = item["op"], item["args"], item["change_id"]
    expected: Expected = time_from_row(item["expected"]["time"]) if item["expected"] else NOT_GIVEN
    official = ctx.official
    if item["official"]:
        ctx.official = Official(item["official"], item["role"] or "timekeeper")
    try:
        if op == "time.record":
            t = time_from_row(args["time"])
            assert t is not None
            ctx.store.put_time(t, reason=args["why"], change_id=cid, expected=expected)
        elif op == "time.delete":
            ctx.store.delete_time(
                args["stage"], args["number"], args["reason"], change_id=cid, expected=expected
            )
        elif op == "adjustment.add":
            a = Adjustment(**dict(args["adjustment"], id=0))
            return ctx.store.add_adjustment(a, change_id=cid)
        elif op == "adjustment.revoke":
            ctx.store.revoke_adjustment(
                ctx.outbox.real_adjustment_id(args["id"]), args["reason"], change_id=cid
            )
        elif op == "adjustment.edit":
            ctx.store.edit_adjustment(
                ctx.outbox.real_adjustment_id(args["id"]),
                args["changes"],
                args["why"],
                change_id=cid,
            )
        elif op == "second.record":
            t = time_from_row(args["time"])
            assert t is not None
            ctx.store.put_second(t, args["keyed_by"], args["action"], args["reason"], change_id=cid)
        else:
            raise RallyDeskError(f"outbox: unknown change {quoted(op)}")
    finally:
        ctx.official = official
    return None


def conflict_record(ctx: EventContext, item: dict[str, Any], exc: RallyDeskError) -> dict[str, Any]:
    """What the results manager needs to settle a change the server refused."""
    args = item["args"]
    mine = args.get("time") if item["op"] == "time.record" else None
    stage = args.get("stage", (args.get("time") or args.get("adjustment") or {}).get("stage"))
    number = args.get("number", (args.get("time") or args.get("adjustment") or {}).get("number"))
    record: dict[str, Any] = {
        "change_id": item["change_id"],
        "op": item["op"],
        "args": args,
        "stage": stage,
        "number": number,
        "mine": mine,
        "expected": item["expected"],
        "my_desk": item["desk"],
        "my_official": item["official"],
        "keyed_at": item["at"],
        "message": str(exc),
    }
    if isinstance(exc, Conflict):
        record.update(
            stage=exc.stage,
            number=exc.number,
            theirs=time_json(exc.stored),
            their_desk=exc.stored_by.get("desk"),
            their_official=exc.stored_by.get("official") or exc.stored_by.get("user"),
        )
    return record


def conflicts(ctx: EventContext) -> list[dict[str, Any]]:
    """The changes the server refused on replay, not yet settled: number, stage, this desk's
    value and the stored one (as StageTime, None: no result), both desks, the message."""
    if ctx.outbox is None:
        return []
    out = []
    for c in ctx.outbox.conflicts():
        c = dict(c)
        c["mine"] = time_from_row(c["mine"])
        c["theirs"] = time_from_row(c["theirs"])
        c["mine_text"] = second.describe(ctx, c["mine"]) if c["mine"] else _what_op(c)
        c["theirs_text"] = second.describe(ctx, c["theirs"]) if c["theirs"] else "—"
        out.append(c)
    return out


def settle_conflict(ctx: EventContext, conflict_id: int, keep: str, reason: str) -> None:
    """The results manager settles a conflict: keep this desk's change ("mine": written now,
    over the stored value it saw in the conflict) or the stored one ("theirs": a result is
    confirmed as it stands). Either way with a reason: in the event's journal for a result
    (the confirming row of "theirs" changes no value), and in the outbox's record."""
    if not reason or not reason.strip():
        raise RallyDeskError("settling a conflict needs a reason")
    session.check_role(ctx, "adjustment")  # a results manager (or the clerk) decides
    found = next((c for c in conflicts(ctx) if c["id"] == conflict_id), None)
    if found is None:
        raise RallyDeskError(f"conflict {conflict_id} does not exist or is already settled")
    assert ctx.outbox is not None
    why = f"conflict settled: {reason.strip()}"
    if keep == "mine":
        if found["op"] == "time.record":
            timing.put_time(ctx, found["mine"], why, found["theirs"], None)
        elif found["op"] == "time.delete":
            timing.delete(ctx, found["stage"], found["number"], why, found["theirs"], None)
        else:
            item = {
                "op": found["op"],
                "args": found["args"],
                "change_id": new_change_id(),
                "expected": None,
                "official": official_name(ctx),
                "role": official_role(ctx),
            }
            replay_one(ctx, item)
            ctx.commit(BatchWritten(True))
    elif keep == "theirs":
        if found["op"].startswith("time.") and found["theirs"] is not None:
            timing.put_time(ctx, found["theirs"], why, found["theirs"], None)
    else:
        raise RallyDeskError(f"keep {quoted(keep)}: accepted mine, theirs")
    ctx.outbox.settle(conflict_id, keep, reason.strip(), official_name(ctx) or ctx.identity.user)
    ctx.notify(OfflineChanged(offline(ctx), pending_changes(ctx)))


def poll_external(ctx: EventContext) -> bool:
    """A read-only desk follows the writer, a desk on a server the other desks: True (and
    listeners told) when another desk committed since the desk last looked. A script need not
    call it any more: its reads look by themselves (:func:`freshen`); the window calls it when
    the server wakes it (:func:`listen`) and on its safety-net timer."""
    if ctx.closed or ctx.unreached:  # (opened offline: its reconnect timer goes first)
        return False
    ctx.woken.clear()  # notices arriving from now on wake the desk again
    heartbeat(ctx)
    try:
        return _look(ctx)
    except StoreUnavailable:
        listener = ctx.store.listener
        if listener is None or not listener.listening or pending_changes(ctx):
            raise  # (changes kept offline: the desk's reconnect timer sends them first)
        # the server answers the listening connection again (it restarted): only this
        # desk's own connection is the one lost; dial it again and look once more
        log.info("%s: the server is back; connecting again", ctx.path)
        ctx.store.reconnect()
        return _look(ctx)


def _look(ctx: EventContext) -> bool:
    if ctx.on_server and ctx.held is not None and not pending_changes(ctx):
        return _catch_up(ctx)  # (a snapshot holding changes kept offline is reloaded)
    version = ctx.store.data_version()
    if version == ctx.data_version:
        return False
    ctx.data_version = version
    ctx.commit(OtherDeskWrote())
    return True


def _catch_up(ctx: EventContext) -> bool:
    """On a server: when other desks only keyed results since the snapshot's head (the usual
    case), re-read just those results and derive the snapshot, as for a time keyed here;
    anything else reloads the whole event. Details: stage and number when one result changed
    (the views highlight it), ``times``: how many."""
    assert ctx.held is not None
    head, changed = ctx.store.time_changes_since(ctx.data_version)
    if head == ctx.data_version:
        return False
    ctx.data_version = head
    if changed is None:
        ctx.commit(OtherDeskWrote())
        return True
    data = ctx.held
    for stage, number, t in changed:
        data = data.with_time(stage, number, t)
    one = (changed[0][0], changed[0][1]) if len(changed) == 1 else ()
    ctx.commit(OtherDeskWrote(len(changed), *one), data)
    return True


def listen(ctx: EventContext, wake: Callable[[], None]) -> bool:
    """On a server: call ``wake`` as soon as another desk commits, so that the desk calls
    :meth:`poll_external` at once rather than on its next poll. False for a file (nothing to
    listen to: its reader polls ``data_version``, its writer is this desk).

    ``wake`` is called from a background thread: it must only hand over to the desk's own
    thread (a queued Qt signal, a ``threading.Event``). Notices are coalesced: after one
    ``wake``, the next comes only once ``poll_external`` has run; the desk's own writes, which
    its snapshot already holds, wake nobody. A lost listening connection is dialled again on
    its own, followed by one ``wake`` (what was committed meanwhile); a slow poll of
    ``poll_external`` remains the safety net for a connection that is silently gone."""

    def notice(journal_id: int | None) -> None:
        if ctx.closed or (journal_id is not None and journal_id <= ctx.data_version):
            return
        if ctx.woken.is_set():
            return
        ctx.woken.set()
        try:
            wake()
        except Exception:  # a desk closing meanwhile: its poll still catches up
            ctx.woken.clear()
            log.exception("%s: waking the desk for another desk's change failed", ctx.path)

    return ctx.store.listen(notice)


_TIME_FIELDS = tuple(f.name for f in dataclasses.fields(StageTime))


def time_json(t: StageTime | None) -> dict[str, Any] | None:
    """A result as the outbox keeps it (the columns of ``stage_times``; ``asdict`` without its
    deep copies: the values are numbers and text)."""
    return None if t is None else {f: getattr(t, f) for f in _TIME_FIELDS}


def _what_op(conflict: dict[str, Any]) -> str:
    """This desk's side of a conflict that is not a keyed result (a deletion, an adjustment)."""
    return str(
        {
            "time.delete": "deleted",
            "adjustment.add": "adjustment added",
            "adjustment.revoke": "adjustment revoked",
            "adjustment.edit": "adjustment changed",
            "second.record": "second keying",
        }.get(conflict["op"], conflict["op"])
    )


def open_outbox(ctx: EventContext) -> None:
    """The desk's outbox for this store (a writing desk on a server only: a file is never
    unreachable); a damaged one is set aside and said, never read as if it were whole. The
    outbox is the one kept for this very store (its key), by this desk, or by this desk under
    a name it had before (adopted when no running desk holds it)."""
    key = ctx.store.outbox_key()
    if ctx.store.readonly or not key:
        return
    ctx.outbox = Outbox(outbox_path(key, ctx.identity.desk), key)
    try:
        ctx.outbox.claim()
        _take_over(ctx, ctx.outbox, key)
        ctx.outbox.count()
    except OutboxMismatch as exc:  # (a file copied over it): kept aside, never replayed here
        _set_aside(ctx, exc)
    except OutboxError as exc:  # the event opens; the damaged outbox is kept aside
        _set_aside(ctx, exc)


def _set_aside(ctx: EventContext, exc: OutboxError) -> None:
    assert ctx.outbox is not None
    try:
        where = f"kept as {ctx.outbox.set_aside()}"
    except OSError as why:
        where = f"left where it is ({why.strerror})"
        ctx.outbox = None  # no outbox rather than one that cannot be read
    else:
        ctx.outbox.claim()
    ctx.store.warnings.append(f"{exc}: {where}; changes keyed offline in it were NOT sent")
    log.error("%s; %s", exc, where)


def _take_over(ctx: EventContext, mine: Outbox, key: str) -> None:
    """Changes kept for this store under another name of this desk (renamed since), or by a
    RallyDesk before outboxes were bound to their store (by event id and desk), come back."""
    uid = ctx.store.event_uid() or ""
    candidates = [
        p for p in sorted(mine.path.parent.glob(f"{store_tag(key)}-*.sqlite")) if p != mine.path
    ]
    legacy = legacy_outbox_path(uid, ctx.identity.desk)
    if legacy.exists():
        candidates.append(legacy)
    for path in candidates:
        other = Outbox(path, key if path != legacy else None)
        if not other.claim():
            continue  # another desk of this computer, running: its own
        try:
            if path == legacy and other.bound_to() not in (None, key):
                continue
            taken = mine.adopt(other)
        except OutboxMismatch:
            continue
        finally:
            other.close()
        if taken:
            log.info("%s: %d changes kept under %s taken over", ctx.path, taken, path.name)


def replay_kept(ctx: EventContext) -> None:
    """A desk restarted with changes kept: they go first. The desk opens all the same if the
    store cannot take them yet (OFFLINE), and tries again on its timer."""
    if not pending_changes(ctx):
        return
    try:
        replay(ctx)
    except StoreError as exc:
        log.warning("%s: %d changes kept, not sent yet: %s", ctx.path, pending_changes(ctx), exc)
