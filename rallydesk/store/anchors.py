"""Anchors: the journal's head written down outside the event file.

The hash chain proves that the journal was not edited *unless* whoever edited it recomputed the
chain, or cut its tail together with the change.  An anchor is a line in a log kept outside the
file (in the user's data folder, and beside the backups) naming the event, a journal row number
and that row's hash, written at every backup, export and publication.  ``verify`` then checks that
the chain still holds every anchored head: a rewritten or shortened journal no longer does.

What this proves, and what not: a forger who can also edit every anchor log (and every printed
sheet's digest) is not caught; one who changes the file alone, or the file and one copy of the
log, is.  Anchors say nothing about changes made *before* the first anchor was written.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from ..domain.errors import quoted
from ..paths import private_file

#: The anchor log's name, in the user's data folder and in every backup folder.
ANCHOR_LOG = "rallydesk-anchors.jsonl"
#: The digest printed on sheets: ``J<row>-<first 10 hex of the row's hash>``.
DIGEST = re.compile(r"J(\d+)-([0-9a-f]{6,64})")


@dataclass(frozen=True)
class Anchor:
    event: str  # the event's uid
    path: str  # where the event was when anchored
    journal_id: int
    hash: str
    at: str
    why: str  # backup, export, publication, restore

    @property
    def digest(self) -> str:
        return digest(self.journal_id, self.hash)


def digest(journal_id: int, row_hash: str) -> str:
    return f"J{journal_id}-{row_hash[:10]}"


def parse_digest(text: str) -> tuple[int, str]:
    m = DIGEST.fullmatch(text.strip())
    if m is None:
        raise ValueError(
            f"{quoted(text)} is not a journal digest (the form printed on sheets: J1234-0123abcdef)"
        )
    return int(m[1]), m[2]


def where(event_path: object) -> str:
    """How an anchor names the event's place: the absolute file path, or the server address
    (``postgresql://user@host:port/db``, never a password) of an event on a server."""
    from .location import is_url

    text = str(event_path)
    if is_url(text):
        return text
    return str(Path(os.path.abspath(text)))


def user_log() -> Path:
    from ..paths import data_dir

    return data_dir() / ANCHOR_LOG


def record(
    event_uid: str | None,
    event_path: Path | object,
    head: tuple[int, str],
    why: str,
    folders: Iterable[Path] = (),
) -> list[str]:
    """Append the anchor to the user's log and to each folder's log; returns what failed.

    Never raises: an anchor that cannot be written must not stop a backup or an export.
    """
    if not event_uid or head[0] == 0:
        return []
    anchor = Anchor(
        event_uid,
        where(event_path),
        head[0],
        head[1],
        datetime.now().astimezone().isoformat(timespec="seconds"),
        why,
    )
    line = json.dumps(asdict(anchor), ensure_ascii=False) + "\n"
    failed = []
    mine = user_log()
    logs = [mine, *(Path(f) / ANCHOR_LOG for f in folders)]
    for log in dict.fromkeys(logs):
        try:
            # the user's own log is private to the user (0600); a backup folder's is the folder's
            fd = os.open(
                log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600 if log == mine else 0o666
            )
            if log == mine:
                private_file(log)
            with open(fd, "a", encoding="utf-8") as fh:
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            failed.append(f"{log}: anchor not written ({exc.strerror})")
    return failed


def read(log: Path) -> list[Anchor]:
    """The anchors of one log; a damaged line is skipped (the others still count)."""
    try:
        text = log.read_text(encoding="utf-8")
    except OSError:
        return []
    anchors = []
    for line in text.splitlines():
        try:
            anchors.append(Anchor(**json.loads(line)))
        except (ValueError, TypeError):
            continue
    return anchors


def find(event_uid: str, folders: Iterable[Path] = ()) -> list[Anchor]:
    """Every anchor of this event in the user's log and in the given folders' logs."""
    seen: dict[tuple[int, str, str, str], Anchor] = {}
    for log in dict.fromkeys([user_log(), *(Path(f) / ANCHOR_LOG for f in folders)]):
        for a in read(log):
            if a.event == event_uid:
                seen.setdefault((a.journal_id, a.hash, a.at, a.why), a)
    return sorted(seen.values(), key=lambda a: (a.at, a.journal_id))


def uid_of_path(event_path: Path) -> str | None:
    """The uid last anchored for this path: names a damaged event that can no longer be read."""
    target = str(Path(os.path.abspath(event_path)))
    found = None
    for a in read(user_log()):
        if a.path == target:
            found = a.event
    return found
