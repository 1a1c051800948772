"""The ``rallydesk`` command (docs/command-line.md).  Exit 0 ok, 1 bad input or failed check, 2 usage."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from .cli_board import add_board_parser, cmd_board
from .cli_raid import add_raid_parsers, cmd_close_passages, cmd_interrupt
from .cli_server import add_server_parser, cmd_server
from .domain.errors import ChoiceNeeded, RallyDeskError, UnaccountedCrews
from .domain.model import LANGUAGES, TIE_BREAKS, TIME_STYLES
from .io.imports import ORDER as IMPORT_KINDS
from .paths import version
from .services import BACKUP_EVERY_MINUTES, BACKUP_KEEP

EPILOG = (
    "Times are keyed like 3:07:49, 48h 56' 53'', 10' 48''7, 30749 (keypad: 3:07:49), 14:30:12 +1, "
    "+0:01:10."
)


class _Parser(argparse.ArgumentParser):
    def error(
        self, message: str
    ) -> NoReturn:  # usage errors: exit 2 with one line, as argparse does
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="rallydesk", description="Timing desk for cross-country rallies.", epilog=EPILOG
    )
    p.add_argument("--version", action="version", version=f"rallydesk {version()}")
    p.add_argument(
        "--screenshot", metavar="PNG", help="render the window as first seen, save it, exit"
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    s = sub.add_parser("open", help="open the GUI on EVENT")
    s.add_argument("event")
    s.add_argument(
        "--read-only", action="store_true", help="open without the right to change anything"
    )
    s.add_argument("--screenshot", metavar="PNG", help="render the main window, save it, exit")

    s = sub.add_parser("demo", help="write the built-in demo event (Dakar 2026) and open it")
    s.add_argument(
        "--out", metavar="EVENT", help="where to write it (default: the user data folder)"
    )
    s.add_argument("--no-gui", action="store_true", help="only write the file")
    s.add_argument("--screenshot", metavar="PNG", help="render the main window, save it, exit")

    s = sub.add_parser("new", help="create an empty event")
    s.add_argument("event")
    s.add_argument("--name", required=True)
    s.add_argument("--tie-break", choices=TIE_BREAKS, default=TIE_BREAKS[0])
    s.add_argument("--time-style", choices=TIME_STYLES, default=TIME_STYLES[0])
    s.add_argument("--language", choices=LANGUAGES, default=LANGUAGES[0], help="sheet language")
    s.add_argument(
        "--timezone",
        metavar="ZONE",
        help="IANA time zone for dates and times on sheets, e.g. Asia/Riyadh (default: this computer's)",
    )
    s.add_argument(
        "--document-prefix", metavar="TEXT", help="put before every published document's number"
    )
    s.add_argument(
        "--protest-minutes",
        type=int,
        metavar="N",
        help="protest window after a provisional publication (default: none)",
    )
    s.add_argument(
        "--missed-penalty",
        action="append",
        default=[],
        metavar="KIND=DURATION",
        help="a missed-waypoint penalty per kind of waypoint, e.g. WPM=1h (repeatable; RULES 8)",
    )

    s = sub.add_parser(
        "import", help="import CSV or XLSX files (stages, groups, entries, times, adjustments)"
    )
    s.add_argument("event")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--kind", choices=IMPORT_KINDS)
    _acting(s)

    s = sub.add_parser(
        "standings", help="print the classification of a stage, or the overall after it"
    )
    s.add_argument("event")
    s.add_argument("--stage", type=int, required=True)
    s.add_argument("--overall", action="store_true")
    s.add_argument("--group", help="category, class or cup code")
    s.add_argument("--category", help="the category, for a cup that spans several")
    s.add_argument("--format", choices=["table", "csv", "json"], default="table")

    s = sub.add_parser(
        "export", help="write the classification sheets: workbook (.xlsx) or PDF (.pdf)"
    )
    s.add_argument("event")
    s.add_argument("out", metavar="OUT.xlsx|OUT.pdf", help="the format follows the extension")
    s.add_argument("--stage", type=int, help="default: the latest stage with results")
    s.add_argument(
        "--all-stages",
        action="store_true",
        help="the overall after every stage up to S, and S's stage classifications, in one file",
    )
    s.add_argument("--language", choices=LANGUAGES, help="sheet language (default: the event's)")
    s.add_argument(
        "--category", help="with --version: the unit's category (may be left out with one category)"
    )
    s.add_argument(
        "--version",
        type=int,
        metavar="V",
        dest="version_number",
        help="the sheets of published version V exactly as published (needs --stage)",
    )

    s = sub.add_parser(
        "licences",
        help="the software RallyDesk ships and its licences (Help > About's table); --full: the texts",
    )
    s.add_argument("--full", action="store_true", help="print every licence text too")

    s = sub.add_parser(
        "verify", help="check the file: SQLite integrity, schema, journal, tables, anchors"
    )
    s.add_argument("event")
    s.add_argument(
        "--anchor",
        action="append",
        metavar="DIGEST",
        help="a journal digest printed on a sheet (J1234-0123abcdef); may be repeated",
    )

    s = sub.add_parser(
        "backup",
        help="write a consistent copy of EVENT (also while it is open; of a server event: "
        "a verified, anchored event file)",
    )
    s.add_argument("event")
    s.add_argument("dest")

    s = sub.add_parser(
        "restore",
        help="put a verified backup in place of EVENT (the current file is kept), or onto an "
        "empty server database (URL)",
    )
    s.add_argument("backup")
    s.add_argument("event")
    s.add_argument(
        "--other-event",
        action="store_true",
        help="the backup is of another event (another event id): replace EVENT with it all the same",
    )

    s = sub.add_parser(
        "backups",
        help="set where automatic backups go while keying, or list them; of a server event: "
        "take them every --every minutes into --folder, until Ctrl+C",
    )
    s.add_argument("event")
    s.add_argument(
        "--folder", help="backup folder (a USB stick); 'off' turns automatic backups off"
    )
    s.add_argument(
        "--every",
        type=float,
        default=BACKUP_EVERY_MINUTES,
        metavar="MINUTES",
        help="interval (default %(default)g)",
    )
    s.add_argument(
        "--keep", type=int, default=BACKUP_KEEP, help="how many to keep (default %(default)s)"
    )
    s.add_argument("--once", action="store_true", help="an event on a server: one round, then exit")
    s.add_argument(
        "--list", action="store_true", help="an event on a server: list its backups in --folder"
    )

    s = sub.add_parser(
        "push", help="put an event file on an empty PostgreSQL database (several desks share it)"
    )
    s.add_argument("event", metavar="EVENT", help="the event file")
    s.add_argument("url", metavar="URL", help="postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE")

    s = sub.add_parser(
        "pull", help="write a consistent file copy of an event on a PostgreSQL server (a new file)"
    )
    s.add_argument("url", metavar="URL", help="postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
    s.add_argument("event", metavar="EVENT", help="a new file, or a folder for a time-stamped copy")

    s = sub.add_parser("generate", help="write a synthetic Dakar-like event")
    s.add_argument("event")
    s.add_argument("--entries", type=int, required=True)
    s.add_argument("--stages", type=int, required=True)
    s.add_argument("--seed", type=int, default=1)

    s = sub.add_parser("journal", help="print the history of changes")
    s.add_argument("event")
    s.add_argument("--stage", type=int)
    s.add_argument("--number", type=int)
    s.add_argument("--official", help="changes made by this official")
    s.add_argument("--desk", help="changes made at this desk")
    s.add_argument("--kind", help="kind of change: time, adjustment, publication, adjustment.add…")
    s.add_argument(
        "--since", metavar="TIME", help="from this UTC time on (ISO, e.g. 2026-01-08T18)"
    )

    s = sub.add_parser(
        "officials", help="the event's officials: list, add (name, role, PIN), remove"
    )
    s.add_argument("event")
    s.add_argument("action", choices=["list", "add", "remove"])
    s.add_argument("name", nargs="?")
    s.add_argument("--role", choices=["timekeeper", "results-manager", "clerk"])
    s.add_argument("--pin", help="4 to 12 digits; kept as a salted hash")

    s = sub.add_parser(
        "publish", help="publish a unit (stage S of category C) as provisional or official"
    )
    s.add_argument("event")
    s.add_argument("--stage", type=int, required=True)
    s.add_argument("--category", help="may be left out when the event has one category")
    s.add_argument("--as", dest="as_", choices=["provisional", "official"], required=True)
    s.add_argument(
        "--confirm-early",
        action="store_true",
        help="make it official although the protest window has not ended",
    )
    s.add_argument(
        "--allow-untimed",
        action="store_true",
        help="publish although crews have neither a time nor a status (refused without it)",
    )
    _acting(s)

    s = sub.add_parser(
        "amend", help="publish the amended version of an official unit after its data changed"
    )
    s.add_argument("event")
    s.add_argument("--stage", type=int, required=True)
    s.add_argument("--category")
    s.add_argument("--reason", required=True)
    _acting(s)

    s = sub.add_parser(
        "versions", help="every published version: unit, number, status, time, official, digest"
    )
    s.add_argument("event")
    s.add_argument("--stage", type=int)
    s.add_argument("--category")
    s.add_argument("--format", choices=["table", "json"], default="table")

    s = sub.add_parser(
        "diff", help="entries that changed between two versions (or a version and the live data)"
    )
    s.add_argument("event")
    s.add_argument("--stage", type=int, required=True)
    s.add_argument("--category")
    s.add_argument("--from", dest="from_version", type=int, required=True, metavar="V")
    s.add_argument("--to", dest="to_version", type=int, metavar="V", help="default: the live data")
    s.add_argument("--format", choices=["table", "json"], default="table")

    add_server_parser(sub, _Parser)
    add_board_parser(sub)
    add_raid_parsers(sub, _acting)
    return p


def _acting(s: argparse.ArgumentParser) -> None:
    s.add_argument(
        "--official",
        metavar="NAME",
        help="the acting official (required when the event has officials)",
    )
    s.add_argument("--pin", help="the acting official's PIN")


def _open_as(args: argparse.Namespace) -> Any:
    """Open for writing as the official named on the command line (a wrong PIN changes nothing)."""
    from .services import Event

    event = Event.open(args.event)
    try:
        _warn(event.warnings)
        if args.official:
            event.login(args.official, args.pin or "")
        elif args.pin:
            raise RallyDeskError("--pin without --official: name the acting official")
    except BaseException:
        event.close()
        raise
    return event


def main(argv: list[str] | None = None) -> int:
    from .console import safe_console

    safe_console()
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0].lower().endswith(".rallydesk") and argv[0] not in _COMMANDS:
        argv = ["open", *argv]  # RallyDesk FILE: what a double-click (Windows, Linux) runs
    args = parser.parse_args(argv)
    from .domain.secrets import redact
    from .logs import setup_logging

    setup_logging()
    try:
        return _dispatch(args)
    except RallyDeskError as exc:
        from .logs import refused

        refused(str(exc), f"rallydesk {args.command or 'gui'}")
        print(redact(f"rallydesk: {exc}{_hint(exc)}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("rallydesk: interrupted", file=sys.stderr)
        return 1
    except OSError as exc:  # a file the command touched: its path and the reason, in words
        from .logs import refused
        from .services import explain_os_error

        message = explain_os_error(exc, f"rallydesk {args.command or 'gui'} failed")
        refused(message, f"rallydesk {args.command or 'gui'}")
        print(f"rallydesk: {message}", file=sys.stderr)
        return 1
    except Exception as exc:  # the last line of defence: no traceback for the user, one in the log
        from .logs import log, log_file

        log.exception("internal error in rallydesk %s", args.command or "gui")
        print(
            redact(f"rallydesk: internal error: {type(exc).__name__}: {exc}")
            + f" (details in {log_file()})",
            file=sys.stderr,
        )
        return 1


def _hint(exc: RallyDeskError) -> str:
    """The command line's own words for what the services ask to be named."""
    if isinstance(exc, ChoiceNeeded):
        return f" (--{exc.what} CODE)"
    if isinstance(exc, UnaccountedCrews):
        return " with --allow-untimed"
    return ""


def _dispatch(args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd is None:
        return _gui(None, args.screenshot)
    return _COMMANDS[cmd](args)


def _gui(path: str | None, screenshot: str | None, readonly: bool = False) -> int:
    try:
        from .gui.app import run
    except ImportError as exc:
        raise RallyDeskError(f"the GUI is not available ({exc})") from None
    return run(path, screenshot=screenshot, readonly=readonly)


def cmd_open(args: argparse.Namespace) -> int:
    from .services import is_server_location

    if not is_server_location(args.event) and not Path(args.event).exists():
        raise RallyDeskError(f"{args.event}: no such event file")
    return _gui(args.event, args.screenshot, args.read_only)


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import write_demo
    from .services import is_server_location

    out = args.out if args.out is None or is_server_location(args.out) else Path(args.out)
    from .paths import data_dir

    before = set(data_dir().glob("*.rallydesk")) if out is None else set()
    path = write_demo(out)
    said = "demo event (as left last time) at" if path in before else "demo event written to"
    print(f"{said} {_shown(path)}", file=sys.stderr)
    if args.no_gui:
        return 0
    return _gui(str(path), args.screenshot)


def cmd_new(args: argparse.Namespace) -> int:
    from .services import Event

    missed = _missed_penalties(args.missed_penalty)  # checked before the file is made
    with Event.create(
        args.event, args.name, args.tie_break, args.time_style, args.language, args.timezone
    ) as ev:
        if args.document_prefix or args.protest_minutes:
            ev.update_settings(
                document_prefix=args.document_prefix or None, protest_minutes=args.protest_minutes
            )
        for kind, amount in missed:
            ev.set_missed_penalty(kind, amount)
    print(f"created {_shown(args.event)}", file=sys.stderr)
    return 0


def _missed_penalties(items: list[str]) -> list[tuple[str, str]]:
    """``KIND=DURATION`` of ``new --missed-penalty``, every one checked (RULES 8)."""
    from .domain import times as T
    from .domain.waypoints import WAYPOINT_KINDS

    pairs = []
    for item in items:
        kind, sep, amount = item.partition("=")
        kind, amount = kind.strip().upper(), amount.strip()
        if not sep or kind not in WAYPOINT_KINDS:
            raise RallyDeskError(
                f"--missed-penalty {item!r}: expected KIND=DURATION with KIND one of "
                f"{', '.join(WAYPOINT_KINDS)}, e.g. WPM=1:00:00"
            )
        try:
            T.parse_duration(amount)
        except T.TimeFormatError as exc:
            raise RallyDeskError(f"--missed-penalty {item!r}: {exc}") from None
        pairs.append((kind, amount))
    return pairs


def cmd_import(args: argparse.Namespace) -> int:
    with _open_as(args) as event:
        reports = event.import_files(args.files, args.kind)
    for r in reports:
        for w in r.warnings:
            print(f"warning: {w}", file=sys.stderr)
        print(f"{r.path}: {r.rows} {r.kind} rows imported", file=sys.stderr)
    return 0


def _warn(warnings: list[str]) -> None:
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)


def cmd_standings(args: argparse.Namespace) -> int:
    from .io.text import classification_csv, classification_table
    from .services import Event

    with Event.open(args.event, readonly=True) as event:
        c = event.classification(args.stage, args.overall, args.group, args.category)
        if args.format == "json":
            print(json.dumps(c.to_json(), ensure_ascii=False, indent=1))
        elif args.format == "csv":
            sys.stdout.write(classification_csv(event.data, c))
        else:
            sys.stdout.write(classification_table(event.data, c))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .services import Event

    if args.version_number is not None:
        if args.stage is None:
            raise RallyDeskError(
                "--version needs --stage (and --category when the event has several)"
            )
        with Event.open(args.event, readonly=True) as event:
            out = event.export_version(
                Path(args.out), args.stage, args.category, args.version_number
            )
        print(f"wrote {out}", file=sys.stderr)
        return 0
    with Event.open(args.event, readonly=True) as event:
        out, warnings = event.export(
            Path(args.out), stage=args.stage, all_stages=args.all_stages, language=args.language
        )
    for warning in warnings:
        print(f"rallydesk: warning: {warning}", file=sys.stderr)
    print(f"wrote {out}", file=sys.stderr)
    return 0


def cmd_licences(args: argparse.Namespace) -> int:
    """What Help > About lists, for a computer with no screen or an installer's check: one line
    a shipped distribution or component (name, version, licence, where it travels)."""
    from .licences import notices

    for n in notices():
        where = f" (in {n.inside})" if n.inside else ""
        print(f"{n.name}\t{n.version}\t{n.licence}{where}")
        if args.full:
            print(f"\n{n.text.strip()}\n")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .services import verify_event

    findings = verify_event(args.event, args.anchor or ())
    if findings:
        print(
            "rallydesk: verify failed:\n" + "\n".join("  " + f for f in findings), file=sys.stderr
        )
        return 1
    print(f"{_shown(args.event)}: ok", file=sys.stderr)
    return 0


def _shown(location: object) -> str:
    from .services import shown

    return shown(location)


def cmd_push(args: argparse.Namespace) -> int:
    from .services import push_event

    address, digest = push_event(args.event, args.url)
    print(f"pushed {args.event} to {address} (journal {digest})", file=sys.stderr)
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    from .services import pull_event

    written, digest = pull_event(args.url, args.event)
    print(f"pulled {_shown(args.url)} to {written} (journal {digest})", file=sys.stderr)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from .services import backup_event, is_server_location

    if is_server_location(args.event):
        from .cli_backups import server_backup

        return server_backup(args)
    out = backup_event(args.event, args.dest)
    print(f"backup written to {out}", file=sys.stderr)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .services import restore_backup

    kept = restore_backup(args.backup, args.event, other_event=args.other_event)
    print(
        f"restored {_shown(args.event)} from {args.backup}"
        + (f"; the previous file is kept as {kept}" if kept else ""),
        file=sys.stderr,
    )
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from .services import Event, is_server_location, list_event_backups

    if is_server_location(args.event):
        from .cli_backups import server_backups

        return server_backups(args)
    if args.once or args.list:
        raise RallyDeskError(
            "--once and --list are for an event on a server; an event file's automatic backups "
            "are taken while a desk keys (rallydesk backups EVENT lists them)"
        )
    if args.folder is not None:
        with Event.open(args.event) as event:
            folder = None if args.folder == "off" else Path(args.folder).resolve()
            if folder is not None and not folder.is_dir():
                raise RallyDeskError(f"{folder}: backup folder does not exist")
            event.set_backup_folder(folder, args.every, args.keep)
            if folder is not None and event.backup_now("first backup") is None:
                raise RallyDeskError(
                    event.auto_backup.warning if event.auto_backup else "backup failed"
                )
    with Event.open(args.event, readonly=True) as event:
        kept_in = event.backup_settings()[0]
    if not kept_in:
        print("automatic backups are off", file=sys.stderr)
        return 0
    print(f"automatic backups to {kept_in}:", file=sys.stderr)
    for p in list_event_backups(kept_in, args.event):
        print(p)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .generate import write_generated
    from .services import is_server_location

    if args.entries < 1 or args.entries > 100_000:
        raise RallyDeskError(f"--entries {args.entries}: choose between 1 and 100000")
    if args.stages < 1 or args.stages > 60:
        raise RallyDeskError(f"--stages {args.stages}: choose between 1 and 60")
    where = args.event if is_server_location(args.event) else Path(args.event)
    write_generated(where, args.entries, args.stages, args.seed)
    print(
        f"generated {_shown(args.event)}: {args.entries} entries, {args.stages} stages, seed {args.seed}",
        file=sys.stderr,
    )
    return 0


def cmd_journal(args: argparse.Namespace) -> int:
    from .services import Event

    with Event.open(args.event, readonly=True) as event:
        for r in event.journal(
            args.stage, args.number, args.official, args.desk, args.kind, args.since
        ):
            why = f"  ({r['reason']})" if r["reason"] else ""
            who = r.get("official") or r["user"] or "-"
            print(
                f"{r['id']:>6}  {r['at']}  {who}@{r['desk'] or '-'}  {r['action']:<18} {r['target']}"
                f"  {r['old'] or ''} -> {r['new'] or ''}{why}"
            )
    return 0


def cmd_officials(args: argparse.Namespace) -> int:
    from .services import Event

    if args.action == "list":
        with Event.open(args.event, readonly=True) as event:
            officials = event.officials()
            for o in officials:
                print(f"{o['name']}\t{o['role']}")
        if not officials:
            print(
                f"{args.event}: no officials yet: anyone may change the event; add the clerk "
                "of the course first: rallydesk officials EVENT add NAME --role clerk --pin PIN",
                file=sys.stderr,
            )
        return 0
    if not args.name:
        raise RallyDeskError(f"officials {args.action}: name the official")
    with Event.open(args.event) as event:
        if args.action == "add":
            if not args.role or not args.pin:
                raise RallyDeskError(
                    "officials add: give --role (timekeeper, results-manager, clerk) and --pin"
                )
            event.add_official(args.name, args.role, args.pin)
            print(f"{args.name}: {args.role}", file=sys.stderr)
        else:
            event.remove_official(args.name)
            print(f"removed {args.name}", file=sys.stderr)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    with _open_as(args) as event:
        check = event.publish_check(
            args.stage, args.category, args.as_, confirm_early=args.confirm_early
        )
        v = event.publish(
            args.stage,
            args.category,
            args.as_,
            confirm_early=args.confirm_early,
            allow_untimed=args.allow_untimed,
        )
    _say_published(check)
    print(
        f"stage {v['stage']} {v['category']}: {v['status'].upper()} v{v['version']}, document {v['document_no']}, "
        f"{v['published_at']}",
        file=sys.stderr,
    )
    return 0


def _say_published(check: Any) -> None:
    """What was posted: crews timed, without a time, not classified (stderr)."""
    print(
        f"stage {check.stage} {check.category}: {check.timed} crew(s) timed, "
        f"{len(check.untimed)} without a time, {len(check.not_classified)} not classified",
        file=sys.stderr,
    )
    for d in check.dropped:
        print(
            f"  #{d.number} {d.crew}: P{d.previous_position} after stage {check.previous_stage}, "
            f"not classified now ({d.status}{', ' + d.reason if d.reason else ''})",
            file=sys.stderr,
        )


def cmd_amend(args: argparse.Namespace) -> int:
    with _open_as(args) as event:
        v = event.amend(args.stage, args.category, args.reason)
    print(
        f"stage {v['stage']} {v['category']}: AMENDED v{v['version']}, document {v['document_no']}, "
        f"{v['published_at']}",
        file=sys.stderr,
    )
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    from .services import Event

    with Event.open(args.event, readonly=True) as event:
        category = event.category_code(args.category) if args.category else None
        rows = event.versions(args.stage, category)
    if args.format == "json":
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    print(
        f"{'stage':>5}  {'cat.':<6} {'v':>3}  {'status':<11} {'published':<25} {'official':<18} {'document':<10} digest"
    )
    for r in rows:
        print(
            f"{r['stage']:>5}  {r['category']:<6} {r['version']:>3}  {r['status']:<11} {r['published_at']:<25} "
            f"{r['official'] or '-':<18} {r['document_no']:<10} {r['digest'][:16]}"
        )
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .services import Event

    with Event.open(args.event, readonly=True) as event:
        found = event.diff(args.stage, args.category, args.from_version, args.to_version)
        lines = event.change_lines(args.stage, found)
    if args.format == "json":
        print(json.dumps(found, ensure_ascii=False, indent=1))
        return 0
    to = f"v{args.to_version}" if args.to_version is not None else "the live data"
    print(
        f"stage {args.stage}: v{args.from_version} -> {to}: {len(found)} entr{'y' if len(found) == 1 else 'ies'} changed"
    )
    for f, line in zip(found, lines, strict=True):
        print(line)
        for r in f["journal"]:
            why = f" ({r['reason']})" if r["reason"] else ""
            print(
                f"    journal {r['id']} {r['at']} {r['official'] or '-'}@{r['desk'] or '-'} {r['action']}{why}"
            )
    return 0


def cmd_close_passages_as(args: argparse.Namespace) -> int:
    return cmd_close_passages(args, _open_as)


def cmd_interrupt_as(args: argparse.Namespace) -> int:
    return cmd_interrupt(args, _open_as)


_COMMANDS = {
    "open": cmd_open,
    "demo": cmd_demo,
    "new": cmd_new,
    "import": cmd_import,
    "standings": cmd_standings,
    "export": cmd_export,
    "verify": cmd_verify,
    "licences": cmd_licences,
    "backup": cmd_backup,
    "generate": cmd_generate,
    "push": cmd_push,
    "pull": cmd_pull,
    "journal": cmd_journal,
    "restore": cmd_restore,
    "backups": cmd_backups,
    "officials": cmd_officials,
    "publish": cmd_publish,
    "amend": cmd_amend,
    "versions": cmd_versions,
    "diff": cmd_diff,
    "server": cmd_server,
    "board": cmd_board,
    "close-passages": cmd_close_passages_as,
    "interrupt": cmd_interrupt_as,
}
