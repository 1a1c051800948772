"""The session: the event's officials, who is at work (PIN login), and what each role may do.

The rules are the domain's (``domain/officials.py``); here they meet the official logged in. The
store enforces them inside every write through :class:`SessionPolicy`, so an import or a replay
is held to them as a keyed time is.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from ..domain import officials as O
from ..domain.errors import RallyDeskError, quoted
from ..store.errors import StoreUnavailable
from . import publication, replica
from .context import EventContext, Official, official_name
from .notices import LoggedIn, OfficialsChanged

log = logging.getLogger(__name__)


def officials(ctx: EventContext) -> list[Official]:
    """The event's officials: name and role (never the PIN's hash)."""
    if ctx.caches.officials is None:
        ctx.caches.officials = ctx.last_known("officials")
    return [Official(o["name"], o["role"]) for o in ctx.caches.officials]


def add_official(ctx: EventContext, name: str, role: str, pin: str) -> None:
    """Add an official, or give one a new role or PIN; the PIN is kept as a salted scrypt hash."""
    check_officials_change(ctx)
    name, role, pin = O.check_name(name), O.check_role(role), O.check_pin(pin)
    salt = O.new_salt()
    ctx.store.put_official(name, role, salt, O.hash_pin(pin, salt))
    if ctx.official is not None and ctx.official.name == name:
        ctx.official = Official(name, role)  # the journal's rows are judged by the role it has now
    ctx.commit(OfficialsChanged(name))


def remove_official(ctx: EventContext, name: str) -> None:
    """Remove an official (logged out first when it is the one at work)."""
    check_officials_change(ctx)
    ctx.store.remove_official(name)
    if ctx.official and ctx.official.name == name:
        logout(ctx)
    ctx.commit(OfficialsChanged(name))


def check_officials_change(ctx: EventContext) -> None:
    """At a desk where an official is logged in, only the clerk of the course manages officials.
    (The command line's ``officials`` names nobody: whoever holds the file may, see the README.)"""
    _refuse(ctx, "official")


def _refuse(ctx: EventContext, action: str) -> None:
    """Raise the roles table's refusal of ``action`` to the official at work (domain/officials)."""
    who = (ctx.official.name, ctx.official.role) if ctx.official is not None else None
    why = O.refusal(action, who, bool(officials(ctx)))
    if why is not None:
        raise RallyDeskError(f"{why}; nothing was changed")


def login(ctx: EventContext, name: str, pin: str) -> Official:
    """Name the official at work. A wrong PIN is refused; ten in a row lock the name a minute."""
    known = {o["name"]: o for o in (ctx.caches.officials or ctx.last_known("officials"))}
    match = known.get(name) or next(
        (o for k, o in known.items() if k.casefold() == name.strip().casefold()), None
    )
    if match is None:
        names = (
            ", ".join(sorted(known))
            or "none yet (add one with: rallydesk officials EVENT add NAME …)"
        )
        raise RallyDeskError(f"no official named {quoted(name)} in this event; officials: {names}")
    name = match["name"]
    if ctx.store.location.on_server:
        return _login_on_server(ctx, name, match, pin)
    now = ctx.clock()
    stored, last = ctx.store.pin_failures(name)
    failures = stored
    if failures >= O.MAX_FAILURES and last:
        left = O.LOCK_SECONDS - (now - datetime.fromisoformat(last)).total_seconds()
        if left > 0:
            raise RallyDeskError(
                f"{name} is locked after {failures} wrong PINs in a row; "
                f"try again in {int(left) + 1} s"
            )
        failures = 0  # the lock has run out: a fresh count
    if not O.pin_matches(pin or "", match["pin_salt"], match["pin_hash"]):
        failures += 1
        ctx.store.set_pin_failures(name, failures, now.isoformat())
        more = (
            f"{name} is now locked for {O.LOCK_SECONDS} s"
            if failures >= O.MAX_FAILURES
            else f"{O.MAX_FAILURES - failures} more before a {O.LOCK_SECONDS} s lock"
        )
        raise RallyDeskError(f"wrong PIN for {name} ({more})")
    if stored:
        ctx.store.set_pin_failures(name, 0, now.isoformat())
    ctx.official = Official(name, match["role"])
    log.info("%s logged in as %s on %s", name, match["role"], ctx.path)
    ctx.notify(LoggedIn(name))
    return ctx.official


def _login_on_server(ctx: EventContext, name: str, match: dict[str, Any], pin: str) -> Official:
    """On a server the PIN is checked, and wrong ones counted, by the server itself (the desk
    logins cannot read the hashes nor reset the count): the desk sends the PIN's salted hash.
    While the server is away, the verifier this desk kept at the official's last login here."""
    try:
        if ctx.unreached:
            raise StoreUnavailable("opened from the replica")
        accepted, checked, failures, wait = ctx.store.check_pin_on_server(
            name, O.hash_pin(pin or "", match["pin_salt"])
        )
    except StoreUnavailable:
        ctx.official = replica.login_away(ctx, name, match, pin)
        log.info("%s logged in as %s on %s (server away)", name, match["role"], ctx.path)
        ctx.notify(LoggedIn(name))
        return ctx.official
    if not checked:
        raise RallyDeskError(
            f"{name} is locked after {failures} wrong PINs in a row; try again in {wait} s"
        )
    if not accepted:
        more = (
            f"{name} is now locked for {O.LOCK_SECONDS} s"
            if failures >= O.MAX_FAILURES
            else f"{O.MAX_FAILURES - failures} more before a {O.LOCK_SECONDS} s lock"
        )
        raise RallyDeskError(f"wrong PIN for {name} ({more})")
    ctx.official = Official(name, match["role"])
    replica.note_pin(ctx, name, match["role"], pin or "")
    log.info("%s logged in as %s on %s", name, match["role"], ctx.path)
    ctx.notify(LoggedIn(name))
    return ctx.official


def logout(ctx: EventContext) -> None:
    """Nobody is at work any more: writes on an event with officials are refused."""
    ctx.official = None
    ctx.notify(LoggedIn(None))


def may(ctx: EventContext, action: str) -> bool:
    """Whether the official at work may do ``action`` (the desk greys out what they may not)."""
    try:
        check_role(ctx, action)
    except RallyDeskError:
        return False
    return True


def check_role(ctx: EventContext, action: str) -> None:
    """Refuse ``action`` to an official whose role may not do it (nothing is changed)."""
    _refuse(ctx, action)


def guard(
    ctx: EventContext, action: str, stage: int | None, number: int | None, reason: str | None
) -> None:
    """Called by the store inside every write, before anything changes: roles, then the lock
    on official units (a change there needs the clerk and a reason)."""
    check_role(ctx, action)
    if not O.locks(action):
        return  # none of these changes a classification
    locked = official_units(ctx, stage, number)
    if not locked:
        return
    units = ", ".join(f"stage {s} {c} v{p['version']}" for (s, c), p in locked)
    why = O.lock_refusal(units, ctx.official.role if ctx.official else None, reason)
    if why is not None:
        raise RallyDeskError(f"{why}; nothing was changed")


def official_units(
    ctx: EventContext, stage: int | None, number: int | None
) -> list[tuple[tuple[int, str], dict[str, Any]]]:
    """Official units whose data a change on (stage, number) touches: that stage and every
    overall after it, of the entry's category (of every category when no entry is named)."""
    latest = publication.published(ctx)
    statuses = {unit: p["status"] for unit, p in latest.items()}
    if not any(status in ("official", "amended") for status in statuses.values()):
        return []  # the usual case while keying: nothing official yet
    category: str | None = None
    if number is not None:
        try:
            category = ctx.data.category_of_class(ctx.data.entry(number).class_code)
        except KeyError:
            category = None  # a new entry: every category's official units
    return [(unit, latest[unit]) for unit in O.locked_units(statuses, stage, category)]


class SessionPolicy:
    """The write policy the store is given (``store/policy.py``): the roles and official-unit
    locks of the session, checked inside each write's transaction; the journal names the
    official at work (or the one a kept change was made by, while it is replayed)."""

    def __init__(self) -> None:
        self._ctx: EventContext | None = None

    def attach(self, ctx: EventContext) -> None:
        """The session this policy speaks for (made right after the store it was given to)."""
        self._ctx = ctx

    @property
    def official(self) -> str | None:
        return official_name(self._ctx) if self._ctx is not None else None

    def check(self, action: str, stage: int | None, number: int | None, reason: str | None) -> None:
        if self._ctx is not None:
            guard(self._ctx, action, stage, number, reason)
