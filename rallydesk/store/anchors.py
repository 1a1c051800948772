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
from collections.abc import Callable, Iterable
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
    why: str  # backup, export, publication, restore, rescue, opened
    #: (device, inode) of the file anchored, when it was a local file: names the same file
    #: after a move; None on older anchors and for an event on a server
    file: list[int] | None = None

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
    of_file: Path | None = None,
) -> list[str]:
    """Append the anchor to the user's log and to each folder's log; returns what failed.
    ``of_file``: the file the anchor is of when it is not the one at the path yet (a restore
    anchors the copy it is about to put there).

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
        file_identity(event_path if of_file is None else of_file),
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
    seen: dict[tuple[object, ...], Anchor] = {}
    for log in dict.fromkeys([user_log(), *(Path(f) / ANCHOR_LOG for f in folders)]):
        for a in read(log):
            if a.event == event_uid:
                key = (a.journal_id, a.hash, a.at, a.why, a.path, tuple(a.file or ()))
                seen.setdefault(key, a)
    return sorted(seen.values(), key=lambda a: (a.at, a.journal_id))


def uid_of_path(event_path: Path) -> str | None:
    """The uid last anchored for this path: names a damaged event that can no longer be read."""
    target = str(Path(os.path.abspath(event_path)))
    found = None
    for a in read(user_log()):
        if a.path == target:
            found = a.event
    return found


# ----------------------------------------------------------------------------- copies
#
# Copies of an event share its id and its history up to the moment they were copied; after
# that each goes its own way (a pulled file keyed on, two ``cp`` copies keyed at two desks).
# An anchor is the head of one file's chain, and it condemns another file only where that file's
# history is the common one: a file's history becomes its own at the head it had when RallyDesk
# first wrote into it as that file (device and inode, or a server's address) — the "opened"
# anchor, written outside the file like every anchor. So: an anchor of this very file (same
# path, or same device and inode) must be held exactly (a cut-back or a rewrite fails); an
# anchor of another copy must be held when it lies at or before the row where this file went
# its own way, and says nothing after it (a copy that diverged is not condemned); a file that
# RallyDesk never wrote as itself (a backup, a copy never opened) is all common history, so
# every anchor it reaches must hold. A forger who rewrites a copy and then opens it gets its
# "opened" anchor at the forged head, after the rewritten rows: still caught.


def file_identity(event_path: object) -> list[int] | None:
    """(device, inode) of a local event file; None for a server or a file not there."""
    from .location import is_url

    if is_url(str(event_path)):
        return None
    try:
        st = os.stat(str(event_path))
    except OSError:
        return None
    return [st.st_dev, st.st_ino]


def note_opened(
    event_uid: str | None,
    event_path: object,
    head: tuple[int, str] | None,
    folders: Iterable[Path] = (),
) -> None:
    """Record where this file's own history starts, the first time RallyDesk writes into it as
    this file (never again: the first is the one that counts). Never raises."""
    if not event_uid or not head or head[0] == 0:
        return
    here, identity = where(event_path), file_identity(event_path)
    places = [Path(f) for f in folders]
    for a in find(event_uid, places):
        if a.why == "opened" and a.path == here and a.file == identity:
            return
    record(event_uid, event_path, head, "opened", folders=places)


def judge(
    found: list[Anchor],
    event_path: object,
    hash_of: Callable[[int], str | None],
) -> list[str]:
    """The findings of the anchors of one event against one file's chain (``hash_of``)."""
    here, identity = where(event_path), file_identity(event_path)

    def mine(a: Anchor) -> bool:
        """Taken of this file: at its path, or of the same device and inode moved away from the
        anchor's path (only then: a freed inode number is given to new files)."""
        if a.path == here:
            return True
        return identity is not None and a.file == identity and not os.path.lexists(a.path)

    files: dict[str, list[Anchor]] = {}
    for a in found:
        if not mine(a):
            files.setdefault(a.path, []).append(a)
    starts = {path: _start(anchored) for path, anchored in files.items()}
    own_start = _start([a for a in found if mine(a)])
    # the copies this file's history runs through: it holds a head of their own history
    followed = {
        path
        for path, anchored in files.items()
        if any(a.journal_id > starts[path] and hash_of(a.journal_id) == a.hash for a in anchored)
    }
    restores = [a for a in found if a.why == "restore" and a.path == here]
    # restores stopped before their copy replaced this file: they say nothing of this file
    stopped = {id(r) for r in restores if _not_put_here(r, identity)}
    findings = []
    for a in found:
        if id(a) in stopped:
            continue
        superseded = any(
            _when(r.at) >= _when(a.at) and a.journal_id > r.journal_id and r is not a
            for r in restores
        )
        if superseded and a.path == here:
            continue
        if not mine(a):
            if a.path in followed:  # common history until the next copy along this file's way
                later = [starts[p] for p in followed if p != a.path and starts[p] >= starts[a.path]]
                bound = min([own_start, *later])
            else:  # another copy's history: only where it had not gone its own way yet
                bound = min(own_start, starts[a.path])
            if a.journal_id > bound:
                continue
        actual = hash_of(a.journal_id)
        if actual is None:
            if not mine(a):
                continue  # this file is an earlier copy of the event; the anchor is of later work
            findings.append(
                f"journal row {a.journal_id}, anchored at {a.at} ({a.why}, {a.digest}), no longer "
                "exists: the journal was cut back"
            )
        elif actual != a.hash:
            findings.append(
                f"journal row {a.journal_id} differs from its anchor of {a.at} ({a.why}, "
                f"{a.digest}{'' if mine(a) else ', of a copy at ' + a.path}): the journal was "
                "rewritten"
            )
    return findings


def _not_put_here(restore: Anchor, identity: list[int] | None) -> bool:
    """A restore's anchor names the restored copy (``record``'s ``of_file``) and is written
    before that copy is renamed over the event: when the file at the path is another one, the
    restore was stopped before (a kill, a power cut) or the file was replaced since, and the
    anchor's head is no head this file ever had."""
    return restore.file is not None and identity is not None and restore.file != identity


def _start(anchored: list[Anchor]) -> int:
    """Where a file's own history starts: its first "opened" head (none: never written as
    itself, all of it is common history)."""
    opened = [a.journal_id for a in anchored if a.why == "opened"]
    return min(opened) if opened else 1 << 62


def _when(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return datetime.min.astimezone()
