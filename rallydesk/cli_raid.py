"""``close-passages`` and ``interrupt`` (RULES §8, CONTRACT "Waypoints, passages, interruptions").

Kept beside cli.py (as cli_board.py is) so the command module stays one concern per file."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .domain import times as T
from .domain.errors import RallyDeskError


def add_raid_parsers(sub: Any, acting: Any) -> None:
    s = sub.add_parser(
        "close-passages",
        help="add the missed-waypoint penalties of a stage (again after new passages: only the "
        "difference)",
    )
    s.add_argument("event")
    s.add_argument("--stage", type=int, required=True)
    s.add_argument("--category", help="default: every category")
    s.add_argument(
        "--dry-run", action="store_true", help="print the penalties it would add; write nothing"
    )
    acting(s)

    s = sub.add_parser(
        "interrupt",
        help="a stage interrupted by the stewards: classified at a waypoint, stopped at a time "
        "of day, or a segment neutralised (--undo takes it back)",
    )
    s.add_argument("event")
    s.add_argument("--stage", type=int, required=True)
    s.add_argument("--category", help="default: every category")
    s.add_argument("--decision", metavar="REF", help="the stewards' decision reference")
    s.add_argument("--reason", metavar="TEXT", help="why (required, also with --undo)")
    rule = s.add_mutually_exclusive_group()
    rule.add_argument("--at-waypoint", type=int, metavar="W", help="classified at waypoint W")
    rule.add_argument(
        "--stopped-at", metavar="HH:MM:SS", help="crews not finished by then get the time rule"
    )
    rule.add_argument(
        "--neutralised",
        nargs=2,
        metavar=("A", "B"),
        help="the segment from waypoint A (or start) to B (or finish) is neutralised",
    )
    rule.add_argument("--undo", action="store_true", help="take the interruption back")
    s.add_argument(
        "--neutral", metavar="DURATION", help="with --neutralised: the segment's neutral time"
    )
    s.add_argument(
        "--dry-run", action="store_true", help="print the classification after it; write nothing"
    )
    acting(s)


def cmd_close_passages(args: argparse.Namespace, open_as: Any) -> int:
    with open_as(args) as event:
        found = event.close_passages(args.stage, args.category, dry_run=args.dry_run)
    verb = "would add" if args.dry_run else "added"
    for m in found:
        print(
            f"#{m.number}\tWP{m.waypoint}\t{m.kind}\t+{T.format_duration(m.amount_ms)}\t{m.reason}"
        )
    print(f"stage {args.stage}: {verb} {len(found)} missed-waypoint penalties", file=sys.stderr)
    return 0


def cmd_interrupt(args: argparse.Namespace, open_as: Any) -> int:
    if args.undo:
        if not (args.reason or "").strip():
            raise RallyDeskError("interrupt --undo needs --reason TEXT")
        with open_as(args) as event:
            event.undo_interruption(args.stage, args.category, args.reason)
        print(f"stage {args.stage}: interruption taken back", file=sys.stderr)
        return 0
    if args.at_waypoint is None and args.stopped_at is None and args.neutralised is None:
        raise RallyDeskError(
            "interrupt needs one rule: --at-waypoint W, --stopped-at HH:MM:SS or --neutralised A B "
            "(or --undo)"
        )
    if args.neutral is not None and args.neutralised is None:
        raise RallyDeskError("--neutral goes with --neutralised A B")
    with open_as(args) as event:
        before, after = event.interrupt(
            args.stage,
            args.category,
            args.decision or "",
            args.reason or "",
            at_waypoint=args.at_waypoint,
            stopped_at=args.stopped_at,
            neutralised=tuple(args.neutralised) if args.neutralised else None,
            neutral=args.neutral,
            dry_run=args.dry_run,
        )
    for old, new in zip(before, after, strict=True):
        was = old.positions
        moved = [r for r in new.rows if was.get(r.number) != r.position]
        print(f"{new.category}: {len(new.rows)} classified, {len(moved)} positions changed")
        for r in moved:
            then = was.get(r.number)
            print(f"  #{r.number}\t{then if then is not None else '-'} -> {r.position}")
    verb = "would be interrupted" if args.dry_run else "interrupted"
    print(f"stage {args.stage}: {verb}", file=sys.stderr)
    return 0
