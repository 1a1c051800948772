"""``rallydesk server ACTION DIR``: the command line of the PostgreSQL server the desks of an
event share (init, start, stop, status, events, add-event, reset-login, remove-event, service)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

from .domain.errors import RallyDeskError
from .services import BACKUP_EVERY_MINUTES, BACKUP_KEEP, SERVER_MAX_CONNECTIONS, SERVER_PORT


def add_server_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """The ``server`` command and its actions, on the main parser's subcommands ``sub``."""
    s = sub.add_parser(
        "server",
        help="run a PostgreSQL server for the desks of events: init, start, stop, status, events, "
        "add-event, reset-login, remove-event, service",
    )
    server = s.add_subparsers(
        dest="server_command", metavar="ACTION", parser_class=parser_class, required=True
    )
    t = server.add_parser("init", help="make a new server in DIR (a new or empty folder)")
    t.add_argument("dir", metavar="DIR")
    t.add_argument(
        "--listen",
        metavar="ADDR[/PREFIX]",
        help="this machine's LAN address; desks from its subnet may connect (default: the "
        "address of the default route; PREFIX default: the interface's)",
    )
    t.add_argument("--port", type=int, default=SERVER_PORT, help="default %(default)s")
    t.add_argument(
        "--max-connections",
        type=int,
        default=SERVER_MAX_CONNECTIONS,
        metavar="N",
        help="connections of all events together (default %(default)s: each desk holds 2, "
        "3 are kept for the administrator)",
    )
    t = server.add_parser(
        "start", help="start the server in DIR and wait until it takes connections"
    )
    t.add_argument("dir", metavar="DIR")
    t.add_argument("--port", type=int, help="move the server to this port (kept from then on)")
    t = server.add_parser("stop", help="stop the server in DIR (committed work is kept)")
    t.add_argument("dir", metavar="DIR")
    t = server.add_parser(
        "status",
        help="running or stopped (exit 0 or 3); each event's desks: online, last seen, "
        "changes waiting",
    )
    t.add_argument("dir", metavar="DIR")
    t.add_argument("--format", choices=("table", "json"), default="table")
    t = server.add_parser("events", help="the events on the running server in DIR")
    t.add_argument("dir", metavar="DIR")
    t = server.add_parser(
        "reset-login",
        help="a new password for a role's login of EVENT (printed once); the old one is "
        "refused at once and its sessions are ended",
    )
    t.add_argument("dir", metavar="DIR")
    t.add_argument("event", metavar="EVENT")
    t.add_argument("role", metavar="ROLE", help="timekeeper, results-manager, clerk or owner")
    t = server.add_parser(
        "remove-event",
        help="remove event NAME after its final backup (pulled and verified; refused if it fails)",
    )
    t.add_argument("dir", metavar="DIR")
    t.add_argument("name", metavar="NAME")
    t.add_argument(
        "--folder",
        metavar="FOLDER",
        help="where the final backup is written (default: DIR/final-backups)",
    )
    t = server.add_parser(
        "service",
        help="start the server with the computer: install or remove its service (systemd, "
        "Windows service, launchd)",
    )
    t.add_argument("service_action", choices=("install", "remove"), metavar="install|remove")
    t.add_argument("dir", metavar="DIR")
    t.add_argument(
        "--dry-run", action="store_true", help="print the definition; install or remove nothing"
    )
    t.add_argument(
        "--backups",
        metavar="FOLDER",
        help="install: also back every event up into FOLDER while the server runs (systemd)",
    )
    t.add_argument(
        "--every",
        type=float,
        default=BACKUP_EVERY_MINUTES,
        metavar="MINUTES",
        help="with --backups: the interval (default %(default)g)",
    )
    t.add_argument(
        "--keep",
        type=int,
        default=BACKUP_KEEP,
        help="with --backups: copies kept per event (default %(default)s)",
    )
    t = server.add_parser(
        "add-event", help="a database and login for event NAME; prints the desks' URL, once"
    )
    t.add_argument("dir", metavar="DIR")
    t.add_argument("name", metavar="NAME", help="letters, digits, _ and -, e.g. dakar-2026")


def cmd_server(args: argparse.Namespace) -> int:
    """``rallydesk server ACTION DIR``: the PostgreSQL server the desks of an event share."""
    from . import services

    action, where = args.server_command, args.dir
    if action == "init":
        server = services.server_init(where, args.listen, args.port, args.max_connections)
        if server.account:
            print(
                f"PostgreSQL refuses to run as root: it runs as the unprivileged user "
                f"'{server.account}', who now owns {server.directory}",
                file=sys.stderr,
            )
        addresses = " and ".join(dict.fromkeys(["127.0.0.1", server.listen]))
        print(
            f"PostgreSQL {server.version} server made in {server.directory}: listens on "
            f"{addresses}, port {server.port}; desks from {server.network} may connect",
            file=sys.stderr,
        )
        print(
            f"the administrator's password is kept in {server.password_file} "
            "(only its owner may read it)",
            file=sys.stderr,
        )
        print(
            f"desks connect only with TLS; the server's own certificate authority is "
            f"{server.authority} (public; its key ca.key stays in DIR): give desks a copy of it",
            file=sys.stderr,
        )
        print(
            f"next: rallydesk server start {server.directory}, "
            f"then rallydesk server add-event {server.directory} NAME",
            file=sys.stderr,
        )
        return 0
    if action == "start":
        st = services.server_start(where, args.port)
        for note in st.notes:
            print(f"{st.server.directory}: {note}", file=sys.stderr)
        print(
            f"{st.server.directory}: running on {st.server.listen}:{st.port} (pid {st.pid}); "
            f"log {st.server.log}",
            file=sys.stderr,
        )
        return 0
    if action == "stop":
        stopped = services.server_stop(where)
        print(f"{where}: {'stopped' if stopped else 'was not running'}", file=sys.stderr)
        return 0
    if action == "status":
        code = _server_status(services.server_report(where), args.format)
        if args.format == "table":
            unit = services.server_service_installed(where)
            print(
                f"service: {unit.name}, starts with the computer"
                + (f" ({unit.path})" if unit.path else "")
                if unit
                else f"service: none (rallydesk server service install {where} starts it with "
                "the computer)"
            )
        return code
    if action == "events":
        for event in services.server_events(where):
            print(f"{event.name}\towner {event.owner}\tlogins {', '.join(event.logins)}")
        return 0
    if action == "reset-login":
        reset = services.server_reset_login(where, args.event, args.role)
        print(
            f"event {args.event}: new password for the {args.role} login (shown this once, kept "
            f"nowhere); the old one is refused from now on; {reset.ended} session(s) ended",
            file=sys.stderr,
        )
        _tell_authority(reset.login.authority)
        print(reset.url)
        return 0
    if action == "remove-event":
        backup, digest = services.server_remove_event(where, args.name, args.folder)
        kept = (
            f"final backup {backup} (journal {digest}, verified)" if backup else "it held no event"
        )
        print(f"event {args.name} removed from {where}: {kept}", file=sys.stderr)
        return 0
    if action == "service":
        return _server_service(args)
    login = services.server_add_event(where, args.name)
    print(
        f"event {login.name}: database {login.name}, login {login.name}, "
        f"on {login.host}:{login.port}",
        file=sys.stderr,
    )
    print(
        f"password of the owner {login.name} (shown this once, kept nowhere): {login.password}",
        file=sys.stderr,
    )
    print(
        "the owner's URL creates the event (rallydesk new URL, push); each desk uses the URL of"
        " its role: the server refuses it what the role may not do (shown this once):",
        file=sys.stderr,
    )
    _tell_authority(login.authority)
    print(login.url)
    for role in login.desks:
        print(login.desk_url(role))
    return 0


def _server_service(args: argparse.Namespace) -> int:
    """``server service install|remove DIR [--dry-run]``: the definition on stdout (dry run), or
    what was done, one line each, on stderr."""
    from . import services

    if args.backups and args.service_action != "install":
        raise RallyDeskError("--backups goes with install (remove removes the backups' unit too)")
    backups = (args.backups, args.every, args.keep) if args.backups else None
    done = services.server_service(args.dir, args.service_action, args.dry_run, backups=backups)
    p = done.plan
    if done.dry_run:
        steps = p.enable if args.service_action == "install" else p.disable
        where = f"{p.path}" if p.path else "the Windows service manager"
        print(
            f"dry run: nothing was written or run; {args.service_action} would "
            + (f"write {where}, then run:" if args.service_action == "install" else "run:"),
            file=sys.stderr,
        )
        print(p.commands(steps), file=sys.stderr)
        if args.service_action == "remove" and p.path:
            print(f"and delete {p.path}", file=sys.stderr)
        for note in p.notes:
            print(f"note: {note}", file=sys.stderr)
        print(p.text, end="" if p.text.endswith("\n") else "\n")
        if p.backups_path is not None:
            print(f"and write {p.backups_path}, one instance per event:", file=sys.stderr)
            print(p.commands(services.server_backups_instances(p, ["EVENT"])), file=sys.stderr)
            print()
            print(p.backups_text, end="")
        return 0
    for line in done.said:
        print(f"{p.name}: {line}", file=sys.stderr)
    return 0


def _tell_authority(authority: Any) -> None:
    """How a desk checks the server: the authority file its URL names, copied to its computer."""
    if authority is None:
        print(
            "this server has no TLS yet: stop it and start it again (start adds its "
            "certificates), then add ?sslmode=verify-full&sslrootcert=DIR/ca.crt to these URLs",
            file=sys.stderr,
        )
        return
    print(
        f"give desks {authority}: the URLs check the server with it (sslmode=verify-full); a desk "
        "on another computer keeps a copy and puts its path in sslrootcert= (or picks it in "
        "File > Connect to server)",
        file=sys.stderr,
    )


def _server_status(rep: Any, form: str) -> int:
    """``server status``: the server line, then each event and its desks (or all as JSON)."""
    st = rep.status
    if form == "json":
        doc = {
            "directory": str(st.server.directory),
            "running": st.running,
            "listen": st.server.listen,
            "port": st.port,
            "pid": st.pid,
            "connections": rep.connections,
            "max_connections": rep.max_connections,
            "events": [
                {
                    "name": e.name,
                    "desks": [dataclasses.asdict(d) for d in e.desks],
                }
                for e in rep.events
            ],
        }
        print(json.dumps(doc, indent=1))
        return 0 if st.running else 3
    if not st.running:
        print(f"{st.server.directory}: stopped (port {st.port}); log {st.server.log}")
        return 3
    print(
        f"{st.server.directory}: running on {st.server.listen}:{st.port} (pid {st.pid}), "
        f"PostgreSQL {st.server.version}, desks from {st.server.network}; "
        f"log {st.server.log}"
    )
    print(
        f"connections: {rep.connections} of {rep.max_connections} "
        f"({rep.reserved} kept for the administrator; each desk holds 2)"
    )
    for event in rep.events:
        online = sum(d.online for d in event.desks)
        print(f"event {event.name}: {online} desk(s) online")
        for d in event.desks:
            waiting = "?" if d.waiting is None else str(d.waiting)
            print(
                f"  {d.desk:<24} {d.role:<16} {'online' if d.online else 'offline':<8}"
                f" last seen {d.last_seen or '-'}  waiting {waiting}"
                + (f"  from {d.address}" if d.address else "")
            )
    return 0
