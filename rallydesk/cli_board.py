"""``rallydesk board EVENT [--listen ADDR] [--port P] [--export DIR]``: the results board."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .domain.errors import RallyDeskError

BOARD_PORT = 8080


def add_board_parser(sub: Any) -> None:
    s = sub.add_parser(
        "board",
        help="serve the live and published classifications as read-only web pages on the "
        "local network, or write them as static files (--export)",
    )
    s.add_argument("event")
    s.add_argument(
        "--listen",
        metavar="ADDR",
        default="127.0.0.1",
        help="the address to listen on (default %(default)s: this computer only; 0.0.0.0: every "
        "network of this computer)",
    )
    s.add_argument("--port", type=int, default=BOARD_PORT, help="default %(default)s")
    s.add_argument("--export", metavar="DIR", help="write the pages into DIR and exit")


def cmd_board(args: argparse.Namespace) -> int:
    from .board import Board, export_board
    from .services import is_server_location

    if not is_server_location(args.event):
        from pathlib import Path

        if not Path(args.event).exists():
            raise RallyDeskError(f"{args.event}: no such event file")
    if args.export:
        written = export_board(args.event, args.export)
        print(f"{len(written)} files written into {args.export}", file=sys.stderr)
        return 0
    if not 0 <= args.port <= 65535:
        raise RallyDeskError(f"--port {args.port}: expected a port number from 0 to 65535")
    try:
        board = Board(args.event, args.listen, args.port)
    except OSError as exc:
        raise RallyDeskError(
            f"cannot listen on {args.listen} port {args.port} ({exc.strerror or exc})"
        ) from None
    print(f"results board of {args.event} on {board.address} (Ctrl+C stops)", file=sys.stderr)
    sys.stderr.flush()
    try:
        board.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        board.feed.stop()
        board.server.server_close()
    return 0
