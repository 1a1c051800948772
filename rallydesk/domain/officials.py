"""Officials, their roles and PINs: who may do what at the desk (issue 12).

A timekeeper keys times and statuses; a results manager also penalties, imports, set-up and the
provisional publication; the clerk of the course also the official publication and amendments.
PINs are kept as salted ``scrypt`` hashes, never in clear, not even in the journal.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from .errors import RallyDeskError

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


def check_role(role: str) -> str:
    role = role.strip().lower().replace(" ", "-").replace("_", "-")
    if role == "results":
        role = "results-manager"
    if role not in ROLES:
        raise RallyDeskError(f"role {role!r} is unknown; accepted: {', '.join(ROLES)}")
    return role


def check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise RallyDeskError("an official needs a name")
    if len(name) > 60:
        raise RallyDeskError(f"official name {name[:20]!r}…: at most 60 characters")
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
