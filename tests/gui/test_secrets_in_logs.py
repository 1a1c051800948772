"""No secret reaches the desk's log, and the log is private to its user (issue 21, item 7)."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from rallydesk.logs import detach_logging, log, setup_logging

SECRET = "S3cret-PW"
URL = f"postgresql://timekeeper:{SECRET}@127.0.0.1:9/dakar"


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_rallydesk_open_url_keeps_the_password_out_of_the_log(log_path, tmp_path, capsys):
    from rallydesk.gui.app import run

    assert run(URL, screenshot=str(tmp_path / "shot.png")) == 1  # no server there
    text = log_path.read_text(encoding="utf-8")
    assert "postgresql://timekeeper@127.0.0.1:9/dakar" in text  # said, without the password
    assert SECRET not in text
    assert SECRET not in capsys.readouterr().err


@pytest.mark.parametrize(
    "message",
    [
        f"connecting to {URL}",
        f"dsn host=db.example port=5432 dbname=dakar user=tk password={SECRET} sslmode=require",
        f"dsn host=db password = '{SECRET} with space' user=tk",
        f"postgres://:{SECRET}@db/dakar",
        f"postgresql://tk@db/dakar?sslmode=verify-full&password={SECRET}",
        f"https://admin:{SECRET}@example.org/hook",
        f"PGPASSWORD={SECRET} psql -h db",
    ],
)
def test_no_form_of_a_password_reaches_the_log(log_path, message):
    log.info("%s", message)  # as an argument
    logging.getLogger("rallydesk.store.pg").warning(message)  # a module's logger, as the text
    try:
        raise RuntimeError(f"could not connect: {message}")
    except RuntimeError:
        log.exception("unexpected")  # the traceback's text too
    for handler in log.handlers:
        handler.flush()
    text = log_path.read_text(encoding="utf-8")
    assert text.count("could not connect") == 2  # (the message and the traceback's last line)
    assert SECRET not in text


@pytest.mark.posix(reason="file modes 0600/0700 (Windows keeps privacy in ACLs)")
def test_the_log_its_folder_and_the_rotated_logs_are_private(log_path):
    log.info("something")
    assert _mode(log_path) == 0o600
    assert _mode(log_path.parent) == 0o700


@pytest.mark.posix(reason="file modes 0600/0700 (Windows keeps privacy in ACLs)")
def test_a_log_left_readable_by_an_older_desk_is_made_private(tmp_path):
    folder = tmp_path / "logs"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    (folder / "rallydesk.log").write_text("old\n")
    (folder / "rallydesk.log.1").write_text("older\n")
    for p in folder.iterdir():
        os.chmod(p, 0o644)
    try:
        path = setup_logging(folder)
        log.info("now")
        assert _mode(folder) == 0o700
        assert {_mode(p) for p in folder.iterdir()} == {0o600}
        assert path.read_text().startswith("old\n")  # appended to, not replaced
    finally:
        detach_logging()


@pytest.mark.posix(reason="file modes 0600/0700 (Windows keeps privacy in ACLs)")
def test_the_outbox_and_the_anchor_log_are_private(tmp_path):
    from rallydesk.outbox import Outbox, outbox_folder
    from rallydesk.store import anchors

    box = Outbox(outbox_folder() / "x.sqlite", "postgresql://h:5432/db#u")
    try:
        box.append("time.record", {"time": None, "why": None}, "c1", None, "desk", None, None)
    finally:
        box.close()
    assert _mode(box.path) == 0o600 and _mode(box.path.parent) == 0o700
    assert anchors.record("uid", tmp_path / "e.rallydesk", (3, "ab" * 32), "backup") == []
    assert _mode(anchors.user_log()) == 0o600
