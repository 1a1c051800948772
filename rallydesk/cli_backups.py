"""``rallydesk backup URL DEST`` and ``backups URL --folder DIR``: backups of an event on a
server, on the command line (the series runs in the foreground until Ctrl+C or SIGTERM)."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType

from .domain.errors import RallyDeskError


def server_backup(args: argparse.Namespace) -> int:
    """``backup URL DEST``: one verified, anchored copy now."""
    from .services import server_backup as backup

    made = backup(args.event, args.dest)
    print(
        f"backup of {made.address} written to {made.path} (journal {made.digest}, verified "
        "and anchored)",
        file=sys.stderr,
    )
    return 0


def server_backups(args: argparse.Namespace) -> int:
    """``backups URL --folder DIR [--every MIN] [--keep K] [--once] [--list]``: a backup now and
    every MIN minutes while the journal moves, one line each on stdout, until stopped."""
    from . import services

    if not args.folder or args.folder == "off":
        raise RallyDeskError(
            "backups of an event on a server: name the folder they go to, --folder DIR (they "
            "are taken while this command runs; --list lists those in DIR)"
        )
    folder = Path(args.folder)
    if args.list:
        for path, digest in services.server_backup_list(args.event, folder):
            print(f"{path}\t{digest}")
        return 0
    stop = services.StopFlag()
    caught: list[str] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        """Only a flag (no output: the main thread may be writing): the series ends after the
        backup under way. Asked twice, it does not wait for it."""
        if stop.requested:
            raise KeyboardInterrupt
        caught.append(signal.Signals(signum).name)
        stop.set()

    before = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        if not args.once:
            print(
                f"backups of {services.shown(args.event)} into {folder}: every {args.every:g} min "
                f"while its journal moves, the {args.keep} newest kept; Ctrl+C stops",
                file=sys.stderr,
            )
        made = services.run_server_backups(
            args.event,
            folder,
            args.every,
            args.keep,
            lambda line: print(line.text, flush=True),
            stop,
            once=args.once,
        )
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)
    if caught:
        print(
            f"{caught[0]}: stopped after the backup under way; {made} backup(s) taken",
            file=sys.stderr,
        )
    return 0
