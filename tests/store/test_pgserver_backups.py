"""Server backups on a server made by ``rallydesk server init`` (issue 23, item 5), with its
role logins: what a results office runs (tests/reliability/test_server_backups.py has the rest,
on the tests' throw-away server)."""

# ruff: noqa: F811  (the server_dir fixture, shared with test_pgserver, is a parameter name)
from __future__ import annotations

import shutil
from pathlib import Path

from test_pgserver import _tools, free_port, run, server_dir  # noqa: F401

from rallydesk import server as pgserver
from rallydesk.domain.model import Entry, Group, Stage
from rallydesk.domain.officials import ROLES
from rallydesk.services import Event


def _times(path: Path | str) -> dict[int, int]:
    with Event.open(path, readonly=True) as ev:
        return {t.number: t.elapsed_ms for t in ev.data.times if t.stage == 1}


def _event(url: str) -> None:
    with Event.create(url, "Baja") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_stage(Stage(1, "Loop"))
        for n in range(1, 6):
            ev.put_entry(Entry(n, "CAR"))
        ev.record_time(stage=1, number=1, elapsed="3:00:00")


def test_on_a_rallydesk_server_the_owner_backs_up_and_restores_onto_a_new_event(server_dir, capsys):
    """As a results office runs it: ``server init``, ``add-event``, a timekeeper's desk keys;
    the owner's URL takes the backup (a desk's login may not read the officials' PINs, so it
    is refused, in one line); the backup goes onto a second event made by ``add-event``."""
    _tools()
    pgserver.init(server_dir, listen="127.0.0.1", port=free_port())
    pgserver.start(server_dir)
    first, second = pgserver.add_event(server_dir, "baja"), pgserver.add_event(server_dir, "baja2")
    _event(first.url)
    with Event.open(first.desk_url(ROLES[0])) as desk:
        desk.record_time(stage=1, number=2, elapsed="3:05:00")
    folder = server_dir.parent / f"{server_dir.name}-backups"
    folder.mkdir()
    try:
        code, out, err = run(capsys, "backups", first.url, "--folder", str(folder), "--once")
        assert code == 0 and "verified and anchored" in out, err
        assert first.password not in out + err  # nor is it in the anchors
        logged = (folder / "rallydesk-anchors.jsonl").read_text()
        assert "postgresql://baja@127.0.0.1:" in logged and first.password not in logged
        code, _, err = run(capsys, "backup", first.desk_url(ROLES[0]), str(folder))
        assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
        (backup,) = folder.glob("*.rallydesk")
        code, _, err = run(capsys, "restore", str(backup), second.url)
        assert code == 0, err
        assert (
            _times(second.desk_url(ROLES[0]))
            == _times(first.url)
            == {
                1: 3 * 3600_000,
                2: (3 * 3600 + 5 * 60) * 1000,
            }
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
