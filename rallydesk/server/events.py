"""The events of a ``rallydesk server`` and their desks: list them, see which desks are online
(``pg_stat_activity``) and what each last reported (its heartbeat), give a role a new password,
remove an event (its final backup is the services' step, before :func:`drop_event`)."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..domain.errors import RallyDeskError
from ..domain.officials import ROLES
from ..store.pg import login_role
from ..store.pg_roles import role_login
from ..store.pg_rules import HEARTBEATS, PRIVATE
from .cluster import (
    EventLogin,
    _authority,
    _names,
    _psql,
    _read_server,
    check_event_name,
    scram_verifier,
)
from .cluster import status as server_status
from .programs import SUPERUSER, Server, Status, _first_error

#: The roles whose login ``reset-login`` renews: the desks' and the event's own (``owner``).
LOGIN_ROLES = (*ROLES, "owner")
#: How a desk names its connection (``store.pg.application_name``).
_DESK_APP = re.compile(r"rallydesk (?P<desk>.*) \((?P<role>[^()]*)\)")


@dataclass(frozen=True)
class DeskSeen:
    """One desk of an event as the server knows it."""

    desk: str
    role: str
    login: str
    online: bool
    #: when the server last heard of it (ISO 8601, UTC), its heartbeat or its connection
    last_seen: str | None
    #: the changes it keeps offline, as its last heartbeat said (None: it never sent one)
    waiting: int | None
    address: str | None = None


@dataclass(frozen=True)
class EventSeen:
    """An event (database) on the server, its logins and its desks."""

    name: str
    owner: str
    logins: list[str]
    desks: list[DeskSeen] = field(default_factory=list)


@dataclass(frozen=True)
class ServerReport:
    """``server status``: the server, its connections, its events and their desks."""

    status: Status
    connections: int = 0
    max_connections: int = 0
    reserved: int = 0
    events: list[EventSeen] = field(default_factory=list)


def _running(directory: str | Path) -> Status:
    current = server_status(directory)
    if not current.running:
        raise RallyDeskError(
            f"{current.server.directory}: the server is not running; start it with "
            f"'rallydesk server start {current.server.directory}'"
        )
    return current


def _query(server: Server, port: int, script: str, database: str = "postgres") -> str:
    """The output of a psql script as the administrator; its failure is one clear message."""
    done: subprocess.CompletedProcess[str] = _psql(server, port, script, database)
    if done.returncode != 0:
        raise RallyDeskError(
            f"{server.directory}: the server refused the administrator's query: "
            f"{_first_error(done.stderr + done.stdout)}"
        )
    return done.stdout


def _json_line(output: str, mark: str) -> object:
    for line in output.splitlines():
        if line.startswith(mark):
            return json.loads(line[len(mark) :])
    raise RallyDeskError(f"the server's answer has no {mark!r} line (psql said: {output[:200]!r})")


_EVENTS = r"""
\set ON_ERROR_STOP 1
SELECT 'RALLYDESK:EVENTS ' || coalesce(json_agg(json_build_object(
    'name', d.datname, 'owner', pg_get_userbyid(d.datdba),
    'logins', (SELECT coalesce(json_agg(r.rolname ORDER BY r.rolname), '[]') FROM pg_roles r
               WHERE r.rolname = d.datname OR starts_with(r.rolname, d.datname || '.')))
  ORDER BY d.datname), '[]')
  FROM pg_database d WHERE NOT d.datistemplate AND d.datname <> 'postgres';
"""

_ACTIVITY = r"""
\set ON_ERROR_STOP 1
SELECT 'RALLYDESK:ACTIVITY ' || json_build_object(
  'max', current_setting('max_connections')::int,
  'reserved', current_setting('superuser_reserved_connections')::int,
  'used', (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),
  'desks', (SELECT coalesce(json_agg(json_build_object(
      'event', datname, 'login', usename, 'app', application_name,
      'address', host(client_addr),
      'seen', to_char(greatest(state_change, backend_start) AT TIME ZONE 'UTC',
                      'YYYY-MM-DD"T"HH24:MI:SS"Z"'))), '[]')
    FROM pg_stat_activity
   WHERE backend_type = 'client backend' AND application_name LIKE 'rallydesk %'));
"""

_BEATS = rf"""
\set ON_ERROR_STOP 1
SELECT to_regclass('{PRIVATE}.{HEARTBEATS}') IS NOT NULL AS has_beats \gset
\if :has_beats
SELECT 'RALLYDESK:BEATS ' || coalesce(json_agg(json_build_object(
    'login', login, 'desk', desk, 'waiting', waiting,
    'seen', to_char(seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))), '[]')
  FROM {PRIVATE}.{HEARTBEATS};
\else
\echo RALLYDESK:BEATS []
\endif
"""


def list_events(directory: str | Path) -> list[EventSeen]:
    """Every event (database) on the running server, with the logins made for it."""
    current = _running(directory)
    found = _json_line(_query(current.server, current.port, _EVENTS), "RALLYDESK:EVENTS ")
    assert isinstance(found, list)
    return [EventSeen(e["name"], e["owner"], list(e["logins"])) for e in found]


def report(directory: str | Path) -> ServerReport:
    """The server's status and, when it runs, each event with its desks: those connected now
    (named by their application name, ``rallydesk DESK (ROLE)``) and those whose heartbeat the
    event keeps (last seen, changes waiting offline)."""
    current = server_status(directory)
    if not current.running:
        return ServerReport(current)
    server, port = current.server, current.port
    events = list_events(directory)
    activity = _json_line(_query(server, port, _ACTIVITY), "RALLYDESK:ACTIVITY ")
    assert isinstance(activity, dict)
    seen: list[EventSeen] = []
    for event in events:
        beats = _json_line(_query(server, port, _BEATS, event.name), "RALLYDESK:BEATS ")
        assert isinstance(beats, list)
        desks: dict[tuple[str, str], DeskSeen] = {}
        for b in beats:
            role = login_role(b["login"], event.name)
            desks[(b["login"], b["desk"])] = DeskSeen(
                b["desk"], role, b["login"], False, b["seen"], int(b["waiting"])
            )
        for a in activity["desks"]:
            m = _DESK_APP.fullmatch(a["app"] or "")
            if a["event"] != event.name or m is None:
                continue
            key = (a["login"], m["desk"])
            before = desks.get(key)
            last = max(filter(None, [a["seen"], before.last_seen if before else None]))
            desks[key] = DeskSeen(
                m["desk"],
                login_role(a["login"], event.name),
                a["login"],
                True,
                last,
                before.waiting if before else None,
                a["address"],
            )
        ordered = sorted(desks.values(), key=lambda d: (not d.online, d.desk, d.login))
        seen.append(EventSeen(event.name, event.owner, event.logins, ordered))
    return ServerReport(
        current, int(activity["used"]), int(activity["max"]), int(activity["reserved"]), seen
    )


def _existing(directory: str | Path, name: str) -> tuple[Status, list[EventSeen]]:
    current = _running(directory)
    events = list_events(directory)
    if name not in {e.name for e in events}:
        known = ", ".join(e.name for e in events) or "none"
        raise RallyDeskError(
            f"{current.server.directory}: no event {name!r} on this server (events: {known})"
        )
    return current, events


_RESET = r"""
\set ON_ERROR_STOP 1
SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'login') AS found \gset
\if :found
ALTER ROLE :"login" PASSWORD :'verifier';
SELECT count(pg_terminate_backend(pid)) AS ended FROM pg_stat_activity
 WHERE usename = :'login' AND pid <> pg_backend_pid() \gset
\echo RALLYDESK:ENDED :ended
\else
\echo RALLYDESK:MISSING
\endif
"""


@dataclass(frozen=True)
class LoginReset:
    """A role's new password (shown once) and how many of its sessions were ended."""

    login: EventLogin
    role: str
    ended: int

    @property
    def url(self) -> str:
        return self.login.url if self.role == "owner" else self.login.desk_url(self.role)


def reset_login(directory: str | Path, name: str, role: str) -> LoginReset:
    """A new password for the login of ``role`` (one of :data:`LOGIN_ROLES`) of event ``name``:
    the old one is refused from now on, and the sessions that logged in with it are ended."""
    check_event_name(name)
    if role not in LOGIN_ROLES:
        raise RallyDeskError(f"role {role!r}: expected one of {', '.join(LOGIN_ROLES)}")
    current, _ = _existing(directory, name)
    login = name if role == "owner" else role_login(name, role)
    password = secrets.token_urlsafe(24)
    script = f"\\set login '{login}'\n\\set verifier '{scram_verifier(password)}'\n" + _RESET
    out = _query(current.server, current.port, script)
    if "RALLYDESK:MISSING" in out:
        raise RallyDeskError(
            f"event {name!r} has no login {login!r} (made without 'rallydesk server add-event'?)"
        )
    ended = re.search(r"RALLYDESK:ENDED (\d+)", out)
    host = current.server.listen
    authority = _authority(current.server)
    made = (
        EventLogin(name, host, current.port, password, authority=authority)
        if role == "owner"
        else EventLogin(name, host, current.port, "", {role: password}, authority)
    )
    return LoginReset(made, role, int(ended.group(1)) if ended else 0)


def admin_url(directory: str | Path, name: str) -> str:
    """The administrator's URL of event ``name``, from this machine (its final backup)."""
    current, _ = _existing(directory, name)
    server = _read_server(Path(directory))
    try:
        password = server.password_file.read_text(encoding="utf-8").strip().rsplit(":", 1)[1]
    except (OSError, IndexError):
        raise RallyDeskError(
            f"{server.password_file}: the administrator's password cannot be read; run this as "
            "the user who owns the server folder, or as root"
        ) from None
    return (
        f"postgresql://{SUPERUSER}:{quote(password, safe='')}@127.0.0.1:{current.port}/"
        f"{quote(name, safe='')}"
    )


_HAS_TABLES = r"""
SELECT 'RALLYDESK:TABLES ' || count(*) FROM pg_tables WHERE schemaname = 'public';
"""


def holds_data(directory: str | Path, name: str) -> bool:
    """Whether event ``name``'s database holds any table (an event pushed or created in it)."""
    current, _ = _existing(directory, name)
    out = _query(current.server, current.port, _HAS_TABLES, name)
    found = re.search(r"RALLYDESK:TABLES (\d+)", out)
    return bool(found and int(found.group(1)))


def set_logins(directory: str | Path, name: str, allowed: bool) -> int:
    """Let event ``name``'s logins in again (``allowed``) or keep them out: NOLOGIN, and every
    session on its database but the administrator's ended, so that nothing is written after
    its final backup. Returns the sessions ended."""
    check_event_name(name)
    current, events = _existing(directory, name)
    (event,) = [e for e in events if e.name == name]
    quoted = ['"' + login.replace('"', '""') + '"' for login in event.logins]
    script = "\\set ON_ERROR_STOP 1\n" + "".join(
        f"ALTER ROLE {q} {'LOGIN' if allowed else 'NOLOGIN'};\n" for q in quoted
    )
    if not allowed:
        script += (
            "SELECT 'RALLYDESK:ENDED ' || count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            f" WHERE datname = '{name}' AND usename <> '{SUPERUSER}';\n"
        )
    found = re.search(r"RALLYDESK:ENDED (\d+)", _query(current.server, current.port, script))
    return int(found.group(1)) if found else 0


_DROP = r"""
\set ON_ERROR_STOP 1
DROP DATABASE :"name" WITH (FORCE);
DROP ROLE IF EXISTS :"clerk";
DROP ROLE IF EXISTS :"rm";
DROP ROLE IF EXISTS :"tk";
DROP ROLE IF EXISTS :"name";
\echo RALLYDESK:DROPPED
"""


def drop_event(directory: str | Path, name: str) -> None:
    """Drop event ``name``'s database (its sessions ended) and its logins. The caller has made
    and verified its final backup first (``services.server_remove_event``)."""
    check_event_name(name)
    current, _ = _existing(directory, name)
    out = _query(current.server, current.port, _names(name) + _DROP)
    if "RALLYDESK:DROPPED" not in out:
        raise RallyDeskError(f"event {name!r} was not removed completely (psql said: {out!r})")
