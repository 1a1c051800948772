"""Officials, their roles and PINs: who may do what at the desk (issue 12).

A timekeeper keys times and statuses; a results manager also penalties, imports, set-up and the
provisional publication; the clerk of the course also the official publication and amendments.
PINs are kept as salted ``scrypt`` hashes, never in clear, not even in the journal.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping

from .errors import RallyDeskError, quoted

ROLES: tuple[str, ...] = ("timekeeper", "results-manager", "clerk")
ROLE_NAMES = {
    "timekeeper": "timekeeper",
    "results-manager": "results manager",
    "clerk": "clerk of the course",
}
#: Wrong PINs in a row that lock a name, and for how long.
MAX_FAILURES = 10
LOCK_SECONDS = 60

#: The least role that may do each kind of change (journal actions, and a few of the desk's own).
_NEEDS = {
    "time": "timekeeper",
    "start": "timekeeper",
    "second": "timekeeper",
    # a mismatch of the double keying is settled by the results manager, not by who keyed it
    "second.settle": "results-manager",
    "adjustment": "results-manager",
    "passage": "timekeeper",
    "waypoint": "results-manager",
    "interruption": "results-manager",
    "stage": "results-manager",
    "group": "results-manager",
    "entry": "results-manager",
    "event": "results-manager",
    "import": "results-manager",
    "publication.provisional": "results-manager",
    "publication.official": "clerk",
    "publication.amended": "clerk",
}
_WHAT = {
    "time": "key times and statuses",
    "start": "set start lists",
    "second": "key a stage a second time",
    "second.settle": "settle a mismatch of the double keying",
    "adjustment": "add or change penalties",
    "passage": "record waypoint passages",
    "waypoint": "change a stage's waypoints",
    "interruption": "interrupt a stage (a stewards' decision)",
    "stage": "change the set-up",
    "group": "change the set-up",
    "entry": "change the entries",
    "event": "change the event's settings",
    "import": "import files",
    "publication.provisional": "publish a provisional classification",
    "publication.official": "make a classification official",
    "publication.amended": "publish an amendment",
}


def role_rules() -> dict[str, str]:
    """The least role of each kind of change (a copy): what a server's own checks are made of."""
    return dict(_NEEDS)


def needed_role(action: str) -> str | None:
    """The least role for ``action`` ("time.record", "publication.official"…); None: anyone."""
    if action in _NEEDS:
        return _NEEDS[action]
    return _NEEDS.get(action.split(".")[0])


def what(action: str) -> str:
    return _WHAT.get(action) or _WHAT.get(action.split(".")[0], action)


def may(role: str | None, needed: str | None) -> bool:
    if needed is None:
        return True
    return role is not None and ROLES.index(role) >= ROLES.index(needed)


#: The settings that only stamp the sheets (document prefix, protest window): changing them
#: changes no classification, so an official unit does not lock them (guarded as "event.publication").
PUBLICATION_SETTINGS = frozenset({"document_prefix", "protest_minutes"})
#: Journal rows no role rule applies to: the event's creation, its identity given by a schema
#: step, the counts of wrong PINs (written while someone logs in).
UNGUARDED = frozenset({"event.create", "event.identity", "official.pin"})
#: Managing the event's officials: the clerk's, when an official is named (the command line's
#: ``officials`` names nobody: whoever holds the file may, see the README).
OFFICIALS = frozenset({"official", "official.put", "official.remove"})


def guarded_as(action: str, old: object = None, new: object = None) -> str:
    """The action the rules are asked about for a journal row (``action``, its old and new
    values): a publication by its status, settings that only stamp the sheets as
    "event.publication"; every other row by its own action."""
    if action == "publication.add" and isinstance(new, dict):
        return f"publication.{new.get('status')}"
    if action == "event.settings" and isinstance(old, dict) and isinstance(new, dict):
        changed = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
        if changed and changed <= PUBLICATION_SETTINGS:
            return "event.publication"
    return action


def refusal(action: str, official: tuple[str, str] | None, has_officials: bool) -> str | None:
    """Why ``official`` (name, role; None: nobody logged in) may not do ``action`` in an event
    that has officials or not; None when they may. The one statement of the roles table, used
    by the desk before a write and by ``verify`` on every journal row."""
    if action in UNGUARDED:
        return None
    if action in OFFICIALS:
        if official is not None and official[1] != "clerk":
            return (
                f"{official[0]} is a {ROLE_NAMES.get(official[1], official[1])}: adding or "
                "removing officials needs the clerk of the course"
            )
        return None
    needed = needed_role(action)
    if needed is None:
        return None
    if not has_officials:
        if needed == "clerk":
            return (
                f"to {what(action)} the event needs a named clerk of the course: add one with "
                "rallydesk officials EVENT add NAME --role clerk --pin PIN, then log in as them"
            )
        return None
    if official is None:
        return f"this event has officials: log in as a {ROLE_NAMES[needed]} (or above) to {what(action)}"
    name, role = official
    if role not in ROLES or not may(role, needed):
        return (
            f"{name} is a {ROLE_NAMES.get(role, role)}: to {what(action)} needs a "
            f"{ROLE_NAMES[needed]}"
        )
    return None


def locks(action: str) -> bool:
    """Whether an official unit locks ``action``: every change of data that can move a
    classification (not a publication, a desk setting, the officials, the sheets' stamp)."""
    return not (
        action.startswith(("publication.", "desk.", "official."))
        or action in UNGUARDED
        or action in OFFICIALS
        or action == "event.publication"
    )


def locked_units(
    published: Mapping[tuple[int, str], str], stage: int | None, category: str | None
) -> list[tuple[int, str]]:
    """The official units (latest status official or amended) a change on ``stage`` (None: every
    stage) of ``category`` (None: every category) touches: that stage and every later one."""
    return [
        unit
        for unit, status in sorted(published.items())
        if status in ("official", "amended")
        and (stage is None or unit[0] >= stage)
        and (category is None or unit[1] == category)
    ]


def lock_refusal(units: str, role: str | None, reason: str | None) -> str | None:
    """Why a change to the data of official ``units`` (their names) is refused; None: allowed."""
    if role != "clerk":
        return (
            f"{units} is official: a change to its data needs the clerk of the course "
            "and a reason, then an amendment"
        )
    if not reason or not reason.strip():
        return f"{units} is official: give the reason for this change"
    return None


def check_role(role: str) -> str:
    role = role.strip().lower().replace(" ", "-").replace("_", "-")
    if role == "results":
        role = "results-manager"
    if role not in ROLES:
        raise RallyDeskError(f"role {quoted(role)} is unknown; accepted: {', '.join(ROLES)}")
    return role


def check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise RallyDeskError("an official needs a name")
    if len(name) > 60:
        raise RallyDeskError(f"official name {quoted(name[:20])}…: at most 60 characters")
    return name


def check_pin(pin: str) -> str:
    if not pin or len(pin) < 4 or not pin.isdigit() or len(pin) > 12:
        raise RallyDeskError("a PIN is 4 to 12 digits")
    return pin


def new_salt() -> str:
    return os.urandom(16).hex()


def hash_pin(pin: str, salt: str) -> str:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=bytes.fromhex(salt), n=2**14, r=8, p=1, dklen=32
    ).hex()


def pin_matches(pin: str, salt: str, expected: str) -> bool:
    return hmac.compare_digest(hash_pin(pin, salt), expected)
